/**
 * What the macro says about each page check. A check answers its result or its own error
 * (`state: 'failed'`); a failed check is shown in its place and the rest of the macro works.
 */
import type { LanguageCheckView, TemplateCheckView } from '../../../src/contracts/macro';

/** The line under "Send to review" when review is not possible yet, or null when it is. */
export function reviewBlockedNote(check: TemplateCheckView): string | null {
  if (check.state === 'failed') return 'The template check could not run, so it is not known whether the required sections are written; sending to review checks them again.';
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
