/**
 * What the macro says about each page check. A check answers its result or its own error
 * (`state: 'failed'`); a failed check is shown in its place and the rest of the macro works.
 */
import type { LanguageCheckView, TemplateCheckView } from '../../../src/contracts/macro';

/** The line under "Send to review" when review is not possible yet, or null when it is. */
export function reviewBlockedNote(check: TemplateCheckView): string | null {
  if (check.state === 'failed')
    return 'The template check could not run, so it is not known whether the required sections are written; sending to review checks them again.';
  if (check.ok) return null;
  const n = check.problems.length;
  return `It can go to review once the required sections are written (${n} to do; see the template check below).`;
}

/** What the findings section says above its list (or instead of it). */
export function findingsSummary(check: LanguageCheckView): { tone: 'error' | 'clear' | 'findings'; text: string } {
  if (check.state === 'failed') return { tone: 'error', text: check.error };
  const n = check.findings.length;
  if (n === 0) return { tone: 'clear', text: 'No names of people, @mentions or internal host names found in the narrative sections.' };
  return { tone: 'findings', text: `${n} thing${n === 1 ? '' : 's'} to reword${check.truncated ? ' (the first ones shown)' : ''}:` };
}

/** The confirmation after "Add missing sections", naming what was added. */
export function sectionsAddedText(added: readonly string[]): string {
  if (added.length === 0) return 'Nothing was missing any more: the page already has every template section.';
  const n = added.length;
  return `Added ${n} section${n === 1 ? '' : 's'} where the template puts ${n === 1 ? 'it' : 'them'}: ${added.join(', ')}. Everything already written is unchanged.`;
}

/** Session storage for the confirmation, which outlives the page reload that shows the new sections. */
export interface NoteStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

const ADDED_KEY = 'postmortem.sectionsAdded.v1';
const addedKey = (pageId: string) => `${ADDED_KEY}:${encodeURIComponent(pageId)}`;

/** Keeps the titles added, for the macro to confirm once the page has reloaded. Answers whether it could. */
export function rememberSectionsAdded(storage: NoteStorage | null, pageId: string, added: readonly string[]): boolean {
  try {
    storage?.setItem(addedKey(pageId), JSON.stringify(added));
    return storage !== null;
  } catch {
    return false;
  }
}

/** The titles added just before the reload (read once: the note is then forgotten), or null. */
export function takeSectionsAdded(storage: NoteStorage | null, pageId: string): string[] | null {
  if (!storage) return null;
  try {
    const raw = storage.getItem(addedKey(pageId));
    if (raw === null) return null;
    storage.removeItem(addedKey(pageId));
    const parsed: unknown = JSON.parse(raw);
    if (!Array.isArray(parsed)) return null;
    const titles = parsed.filter((t): t is string => typeof t === 'string' && t.length > 0 && t.length <= 200).slice(0, 30);
    return titles.length ? titles : null;
  } catch {
    return null;
  }
}

/** The browser's session storage, or null where the browser refuses it. */
export function sessionNotes(): NoteStorage | null {
  try {
    return globalThis.sessionStorage ?? null;
  } catch {
    return null;
  }
}
