/** The macro's words for each page check, including a check that failed (shown in its place). */
import type { LanguageCheckView, TemplateCheckView } from '../../../src/contracts/macro';
import {
  findingLine,
  findingsOfRefusal,
  findingsSummary,
  ADDED_NOTE_TTL_MS,
  rememberSectionsAdded,
  reviewBlockedNote,
  sectionsAddedText,
  takeSectionsAdded,
  type NoteStorage,
} from '../../../static/macro/src/checks';

const failed = {
  state: 'failed',
  error: 'The template check could not run on this page (boom). The rest of the macro still works.',
} as const;

describe('review note under "Send to review"', () => {
  it('is absent when every required section is written', () => {
    expect(reviewBlockedNote({ state: 'checked', ok: true, problems: [], missingSections: [], readable: true })).toBeNull();
  });
  it('counts what is left to write', () => {
    const check: TemplateCheckView = {
      state: 'checked',
      ok: false,
      problems: [{ kind: 'missing', sectionId: 's', title: 'Summary', message: 'x' }],
      missingSections: ['Summary'],
      readable: true,
    };
    expect(reviewBlockedNote(check)).toMatch(/1 to do/);
  });
  it('says the check could not run when it failed, instead of breaking', () => {
    expect(reviewBlockedNote(failed)).toMatch(/could not run/);
  });
  it('counts the findings too, and says review can go on with a reason', () => {
    const ok: TemplateCheckView = { state: 'checked', ok: true, problems: [], missingSections: [], readable: true };
    const language: LanguageCheckView = {
      state: 'checked',
      truncated: false,
      findings: [
        { kind: 'person-name', sectionTitle: 'Summary', excerpt: 'Elena restarted', match: 'Elena', suggestion: 'x', occurrences: 1 },
        { kind: 'internal-name', sectionTitle: 'Summary', excerpt: 'db01', match: 'db01', suggestion: 'x', occurrences: 1 },
      ],
    };
    expect(reviewBlockedNote(ok, language)).toBe(
      'Open before review: 2 findings to reword (see below). Fix them first, or send it to review with a reason the review meeting will see.',
    );
  });
});

describe('findings a refusal carries', () => {
  it('reads only well-formed entries and words each for a person', () => {
    const got = findingsOfRefusal({
      findings: [
        { kind: 'person-name', section: 'Summary', text: 'Elena', occurrences: 2 },
        'junk',
        null,
        { kind: 'missing', section: 'Timeline', text: 'Timeline' },
      ],
    });
    expect(got.map(findingLine)).toEqual(['Name of a person in Summary: “Elena” (2 times)', 'Required section missing: Timeline']);
    expect(findingsOfRefusal(undefined)).toEqual([]);
    expect(findingsOfRefusal({ findings: 'x' })).toEqual([]);
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
    expect(findingsSummary({ state: 'checked', findings: [f], truncated: false })).toEqual({
      tone: 'findings',
      text: '1 thing to reword:',
    });
    expect(findingsSummary({ state: 'checked', findings: [f, f], truncated: true }).text).toBe(
      '2 things to reword (the first ones shown):',
    );
  });
});

describe('the confirmation after "Add missing sections"', () => {
  const store = (): NoteStorage & { map: Map<string, string> } => {
    const map = new Map<string, string>();
    return { map, getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v), removeItem: (k) => void map.delete(k) };
  };

  it('names the sections added, or says nothing was missing', () => {
    expect(sectionsAddedText(['Metrics and supporting data', 'Related items'])).toBe(
      'Added 2 sections where the template puts them: Metrics and supporting data, Related items. Everything already written is unchanged.',
    );
    expect(sectionsAddedText(['Timeline'])).toBe(
      'Added 1 section where the template puts it: Timeline. Everything already written is unchanged.',
    );
    expect(sectionsAddedText([])).toMatch(/^Nothing was missing/);
  });

  it('outlives the page reload once, for that page only', () => {
    const s = store();
    expect(rememberSectionsAdded(s, '123', ['Timeline'])).toBe(true);
    expect(takeSectionsAdded(s, '124')).toBeNull();
    expect(takeSectionsAdded(s, '123')).toEqual(['Timeline']);
    expect(takeSectionsAdded(s, '123')).toBeNull();
  });

  it('is dropped when the reload it was kept for never came', () => {
    const s = store();
    rememberSectionsAdded(s, '1', ['Timeline'], 1_000_000);
    expect(takeSectionsAdded(s, '1', 1_000_000 + ADDED_NOTE_TTL_MS + 1)).toBeNull();
    expect(s.map.size).toBe(0);
    rememberSectionsAdded(s, '1', ['Timeline'], 1_000_000);
    expect(takeSectionsAdded(s, '1', 1_000_000 + ADDED_NOTE_TTL_MS)).toEqual(['Timeline']);
  });

  it('ignores what is not a list of titles, and a storage the browser refuses', () => {
    const s = store();
    rememberSectionsAdded(s, '1', ['x']);
    const [key] = [...s.map.keys()];
    s.map.set(key!, '{"not":"a list"}');
    expect(takeSectionsAdded(s, '1')).toBeNull();
    s.map.set(key!, JSON.stringify({ at: Date.now(), titles: [42, '', 'Timeline'] }));
    expect(takeSectionsAdded(s, '1')).toEqual(['Timeline']);
    s.map.set(key!, JSON.stringify(['Timeline']));
    expect(takeSectionsAdded(s, '1')).toBeNull();
    const refusing: NoteStorage = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('SecurityError');
      },
      removeItem: () => undefined,
    };
    expect(rememberSectionsAdded(refusing, '1', ['x'])).toBe(false);
    expect(takeSectionsAdded(refusing, '1')).toBeNull();
    expect(rememberSectionsAdded(null, '1', ['x'])).toBe(false);
  });
});
