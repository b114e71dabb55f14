/**
 * The weekly review agenda page's body: one short intro paragraph and the agenda macro (manifest
 * `macro` module `postmortem-agenda`), which lists the review queue, late postmortems and overdue
 * action items as each reader may see them. Nothing about incidents, items or people is written
 * into the page itself: the app writes it with its own rights, and its readers have different ones.
 * Pure.
 */
import { doc, paragraph, text } from '@atlaskit/adf-utils/builders';
import type { DocNode } from '@atlaskit/adf-schema';
import type { ExtensionDefinition } from '@atlaskit/adf-schema/extension';
import { buildForgeMacro, findMacros, plainText, toSafeDoc, type ForgeMacroRef, type SafeNode } from '../postmortem';

/** The agenda macro's manifest module key. */
export const AGENDA_MODULE_KEY = 'postmortem-agenda';
/** The agenda macro's title, as the editor shows it. */
export const AGENDA_MACRO_TITLE = 'Postmortem review agenda';
/** The page's one paragraph of its own. */
export const AGENDA_INTRO =
  'The Postmortems app updates this page each week for the review meeting. The agenda below is drawn for each reader from what they may see.';

/** The agenda macro's node (it takes no config). */
export function buildAgendaMacro(ref: Omit<ForgeMacroRef, 'moduleKey' | 'title'>, localId: string): ExtensionDefinition {
  return buildForgeMacro({ ...ref, moduleKey: AGENDA_MODULE_KEY, title: AGENDA_MACRO_TITLE }, { localId, config: {} });
}

/** The agenda page's whole body: the intro and the macro. */
export function buildAgendaDoc(macro: ExtensionDefinition): DocNode {
  return doc(paragraph(text(AGENDA_INTRO)), macro);
}

function isIntroOrBlank(n: SafeNode): boolean {
  if (n.type !== 'paragraph') return false;
  const words = plainText(n).trim();
  return words === '' || words === AGENDA_INTRO;
}

/**
 * Whether a page body is nothing but this app's agenda macro (once), with at most the intro
 * paragraph and blank paragraphs around it: a page the app may take over as its agenda page
 * without overwriting anybody's words. Anything else (text of someone's own, another macro, a
 * table, a second agenda macro) answers false. Accepts any JSON.
 */
export function isAgendaOnly(body: unknown, appId: string): boolean {
  const safe = toSafeDoc(body);
  if (!safe) return false;
  const top = safe.content ?? [];
  const macros = findMacros(body, { moduleKey: AGENDA_MODULE_KEY, appId });
  if (macros.length !== 1) return false;
  const extensions = top.filter((n) => n.type === 'extension');
  if (extensions.length !== 1) return false;
  return (
    top.every((n) => n.type === 'extension' || isIntroOrBlank(n)) &&
    top.filter((n) => n.type === 'paragraph' && plainText(n).trim() !== '').length <= 1
  );
}
