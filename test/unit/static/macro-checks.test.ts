/** The macro's words for each page check, including a check that failed (shown in its place). */
import type { LanguageCheckView, TemplateCheckView } from '../../../src/contracts/macro';
import { findingsSummary, reviewBlockedNote } from '../../../static/macro/src/checks';

const failed = { state: 'failed', error: 'The template check could not run on this page (boom). The rest of the macro still works.' } as const;

describe('review note under "Send to review"', () => {
  it('is absent when every required section is written', () => {
    expect(reviewBlockedNote({ state: 'checked', ok: true, problems: [], missingSections: [], readable: true })).toBeNull();
  });
  it('counts what is left to write', () => {
    const check: TemplateCheckView = { state: 'checked', ok: false, problems: [{ kind: 'missing', sectionId: 's', title: 'Summary', message: 'x' }], missingSections: ['Summary'], readable: true };
    expect(reviewBlockedNote(check)).toMatch(/1 to do/);
  });
  it('says the check could not run when it failed, instead of breaking', () => {
    expect(reviewBlockedNote(failed)).toMatch(/could not run/);
  });
});

describe('findings summary', () => {
  it('shows the check’s own error when it failed', () => {
    const check: LanguageCheckView = { state: 'failed', error: 'The blameless and plain-language check could not run on this page (x).' };
    expect(findingsSummary(check)).toEqual({ tone: 'error', text: check.error });
  });
  it('says all clear, or how many findings, and when the list is cut', () => {
    expect(findingsSummary({ state: 'checked', findings: [], truncated: false }).tone).toBe('clear');
    const f = { kind: 'mention' as const, sectionTitle: 'S', excerpt: 'e', match: 'm', suggestion: 's', occurrences: 1 };
    expect(findingsSummary({ state: 'checked', findings: [f], truncated: false })).toEqual({ tone: 'findings', text: '1 thing to reword:' });
    expect(findingsSummary({ state: 'checked', findings: [f, f], truncated: true }).text).toBe('2 things to reword (the first ones shown):');
  });
});
