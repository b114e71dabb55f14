import * as confluence from '../../adapters/confluence';
import { readSettings } from '../../adapters/settings';
import { insertMissingSections } from '../../domain/postmortem';
import { Refusal } from '../refusal';
import type { Input, Output } from '../types';
import type { PageCaller } from '../caller';
import { requireEditablePage } from '../steps/postmortem-link';
import { requireNobodyEditing } from './page-editing';

export async function addMissingSections(
  _payload: Input<'macro-resolver', 'addMissingSections'>,
  at: PageCaller,
): Promise<Output<'macro-resolver', 'addMissingSections'>> {
  const { accountId } = at;
  const pageId = at.pageId;
  const { settings } = await readSettings();
  const page = await requireEditablePage(pageId, accountId);
  const titles = new Map(settings.templateSections.map((s) => [s.id, s.title]));
  const result = insertMissingSections(page.adf, settings.templateSections);
  if (!result.ok) throw new Refusal('invalid-input', `${result.message} Nothing was changed.`);
  if (result.added.length === 0) return { added: [], attempts: 1 };
  const names = result.added.map((id) => titles.get(id) ?? id);
  await requireNobodyEditing(page, accountId, `Add these sections in the editor: ${names.join(', ')}.`, '“Add missing sections”');
  const saved = await confluence.updatePageBody(
    'user',
    page,
    result.doc,
    page.version.number + 1,
    'Postmortem app: added the missing template sections',
  );
  if (saved.ok) return { added: names, attempts: 1 };
  if (saved.status === 409) {
    throw new Refusal(
      'conflict',
      'Someone published a new version of this page while the sections were being added. Nothing was changed, so their version is kept: reload the page, then use “Add missing sections” again.',
    );
  }
  if (saved.status === 401 || saved.status === 403)
    throw new Refusal('forbidden', 'Confluence refused: you do not have permission to edit this page. Nothing was changed.');
  throw new Refusal('product-error', `Confluence refused to save the page (status ${saved.status}): ${saved.message} Nothing was changed.`);
}
