/** The panel's "Link an existing page" logic, as plain functions. */
import { conflictPageOf, linkedMessage, MAX_QUERY, nextActive, searchStatus } from '../../../static/panel/src/link-page-logic';
import { listboxAction } from '../../../static/common/listbox';
import { LinkExistingPagePayload, SearchPagesPayload, type LinkExistingPageResult } from '../../../src/contracts/panel-postmortem';

const page = (pageId: string, title: string) => ({ pageId, title, url: `https://site.example/wiki/spaces/PM/pages/${pageId}` });

describe('listbox keys', () => {
  it('moves down and up, wrapping at both ends; Home and End jump', () => {
    expect(nextActive('ArrowDown', -1, 3)).toBe(0);
    expect(nextActive('ArrowDown', 0, 3)).toBe(1);
    expect(nextActive('ArrowDown', 2, 3)).toBe(0);
    expect(nextActive('ArrowUp', 0, 3)).toBe(2);
    expect(nextActive('ArrowUp', -1, 3)).toBe(2);
    expect(nextActive('ArrowUp', 2, 3)).toBe(1);
    expect(nextActive('Home', 2, 3)).toBe(0);
    expect(nextActive('End', 0, 3)).toBe(2);
  });

  it('has nothing to make active in an empty list, and leaves other keys to the input', () => {
    expect(nextActive('ArrowDown', 0, 0)).toBe(-1);
    expect(nextActive('a', 1, 3)).toBeUndefined();
    expect(nextActive('Enter', 1, 3)).toBeUndefined();
    expect(nextActive('Escape', 0, 0)).toBeUndefined();
  });
});

describe('search status', () => {
  it('says what is happening and what to do when nothing matches', () => {
    expect(searchStatus({ state: 'idle' })).toBe('');
    expect(searchStatus({ state: 'searching' })).toBe('Searching pages…');
    const none = searchStatus({ state: 'done', query: 'zzz', result: { pages: [], more: false, spaceKey: 'PM' } });
    expect(none).toBe(
      'No pages you can see in the postmortem space PM match “zzz”. Try other words of the title, or paste the page’s link.',
    );
    expect(searchStatus({ state: 'done', query: '', result: { pages: [], more: false, spaceKey: null } })).toMatch(
      /^No pages you can see yet\. Create the postmortem instead\./,
    );
  });

  it('counts the pages found and says when there are more', () => {
    expect(searchStatus({ state: 'done', query: 'x', result: { pages: [page('1', 'A')], more: false, spaceKey: null } })).toBe(
      '1 page found. Use the arrow keys to choose, Enter to pick.',
    );
    const more = searchStatus({
      state: 'done',
      query: 'x',
      result: { pages: [page('1', 'A'), page('2', 'B')], more: true, spaceKey: null },
    });
    expect(more).toMatch(/^2 pages found \(the most recently changed shown; type more/);
  });
});

describe('conflicts', () => {
  it('reads the existing postmortem page from the error details', () => {
    const error = {
      code: 'conflict' as const,
      message: 'INC-3 already has a postmortem',
      details: { page: page('42', 'Postmortem: INC-3') },
    };
    expect(conflictPageOf(error)).toEqual(page('42', 'Postmortem: INC-3'));
  });

  it('ignores details of the wrong shape or none at all', () => {
    expect(conflictPageOf(null)).toBeNull();
    expect(conflictPageOf({ code: 'forbidden', message: 'no' })).toBeNull();
    expect(conflictPageOf({ code: 'conflict', message: 'x', details: { page: 'javascript:alert(1)' } })).toBeNull();
    expect(conflictPageOf({ code: 'conflict', message: 'x', details: { page: { pageId: 42, url: '/x' } } })).toBeNull();
    expect(conflictPageOf({ code: 'conflict', message: 'x', details: { page: { pageId: '42', url: '/x', title: 7 } } })).toEqual({
      pageId: '42',
      url: '/x',
      title: '',
    });
  });
});

describe('after linking', () => {
  const result = (over: Partial<LinkExistingPageResult>): LinkExistingPageResult => ({
    incidentKey: 'INC-4',
    page: page('7', 'Login outage notes'),
    status: 'draft',
    dueDate: '2026-03-12',
    macro: 'added',
    notice: null,
    ...over,
  });

  it('says the page is the postmortem now, and whether the macro was added', () => {
    expect(linkedMessage(result({}))).toBe(
      '“Login outage notes” is now the postmortem of INC-4, due 2026-03-12. The Postmortem macro was added at the top of the page.',
    );
    expect(linkedMessage(result({ macro: 'present' }))).toBe('“Login outage notes” is now the postmortem of INC-4, due 2026-03-12.');
  });

  it('passes on what still needs doing when the macro could not be added', () => {
    expect(linkedMessage(result({ macro: 'not-added', notice: 'Insert the macro by hand.' }))).toBe('Insert the macro by hand.');
    expect(linkedMessage(result({ macro: 'not-added', notice: null }))).toMatch(/Insert the Postmortem macro on it/);
  });
});

describe('payload contract', () => {
  it('accepts digits only as a page id and nothing else in the payload', () => {
    expect(LinkExistingPagePayload.safeParse({ pageId: '123' }).success).toBe(true);
    for (const pageId of ['0', '12a', ' 12', '1'.repeat(20), 12]) expect(LinkExistingPagePayload.safeParse({ pageId }).success).toBe(false);
    expect(LinkExistingPagePayload.safeParse({ pageId: '1', incidentKey: 'INC-1' }).success).toBe(false);
  });

  it('caps the query where the input does', () => {
    expect(SearchPagesPayload.safeParse({ query: 'x'.repeat(MAX_QUERY) }).success).toBe(true);
    expect(SearchPagesPayload.safeParse({ query: 'x'.repeat(MAX_QUERY + 1) }).success).toBe(false);
    expect(SearchPagesPayload.safeParse({ query: 'x', spaceKey: 'PM' }).success).toBe(false);
  });
});

describe('combobox keys (shared by the config dialog and the panel)', () => {
  it('moves, chooses and closes', () => {
    expect(listboxAction('ArrowDown', false, -1, 2)).toEqual({ move: 0 });
    expect(listboxAction('End', true, 0, 4)).toEqual({ move: 3 });
    expect(listboxAction('Enter', true, 1, 2)).toBe('choose');
    expect(listboxAction('Enter', false, 1, 2)).toBeUndefined();
    expect(listboxAction('Enter', true, -1, 2)).toBeUndefined();
    expect(listboxAction('Escape', true, 0, 2)).toBe('close');
    expect(listboxAction('a', true, 0, 2)).toBeUndefined();
  });
});
