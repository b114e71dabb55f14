/**
 * The create flow's space picker (manifest function `panel-resolver`): the Confluence spaces the
 * caller may create pages in, asked of Confluence as the caller (the spaces they see, then each
 * one's permitted operations), so the picker never offers a space where the page would be refused.
 * When the settings name a space, pages always go there and nothing is asked.
 */
import * as confluence from '../../adapters/confluence';
import { readSettings } from '../../adapters/settings';
import type { IssueCaller } from '../caller';
import type { Input, Output } from '../types';

/** Spaces whose operations are asked at most (one call each, ten at a time): the resolver's 25 s hold at 300 ms a call. */
export const SPACES_CHECKED = 50;
const AT_ONCE = 10;

export async function listCreatableSpaces(
  _payload: Input<'panel-resolver', 'listCreatableSpaces'>,
  _at: IssueCaller,
): Promise<Output<'panel-resolver', 'listCreatableSpaces'>> {
  const { settings } = await readSettings();
  if (settings.confluence.spaceKey) return { configuredSpaceKey: settings.confluence.spaceKey, spaces: [], more: false };
  const seen = await confluence.listSpaces('user');
  const checked = seen.slice(0, SPACES_CHECKED);
  const creatable: typeof checked = [];
  for (let i = 0; i < checked.length; i += AT_ONCE) {
    const some = checked.slice(i, i + AT_ONCE);
    const may = await Promise.all(some.map((sp) => confluence.mayCreatePages('user', sp.id)));
    some.forEach((sp, j) => {
      if (may[j]) creatable.push(sp);
    });
  }
  const spaces = creatable
    .map((sp) => ({ key: sp.key.slice(0, 255), name: (sp.name ?? sp.key).slice(0, 255) }))
    .sort((a, b) => a.name.localeCompare(b.name) || a.key.localeCompare(b.key));
  return { configuredSpaceKey: null, spaces, more: seen.length > checked.length };
}
