/** Unsent action-item drafts kept in the browser: per page and person, checked on the way back. */
import { newDraft, type Draft } from '../../../static/macro/src/action-items-logic';
import {
  discardDrafts,
  draftsKey,
  loadDrafts,
  restoredText,
  saveDrafts,
  unsentDrafts,
  type DraftStorage,
} from '../../../static/macro/src/draft-store-logic';

class MapStorage implements DraftStorage {
  readonly map = new Map<string, string>();
  getItem(k: string) {
    return this.map.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.map.set(k, v);
  }
  removeItem(k: string) {
    this.map.delete(k);
  }
}

let n = 0;
const key = () => `key-${(n += 1).toString().padStart(6, '0')}`;
const draft = (over: Partial<Draft> = {}): Draft => ({ ...newDraft('PAY', key), ...over });

describe('keeping unsent drafts in the browser', () => {
  const K = draftsKey('123', 'acc-marcus');

  it('keys per page and per person', () => {
    expect(new Set([draftsKey('123', 'a'), draftsKey('124', 'a'), draftsKey('123', 'b')]).size).toBe(3);
    // An id with the separator in it cannot collide with another page/person pair.
    expect(draftsKey('1:2', '3')).not.toBe(draftsKey('1', '2:3'));
  });

  it('keeps drafts with content and gives them back with their creation keys, without messages', () => {
    const s = new MapStorage();
    const typed = draft({ summary: 'Alert on pool saturation', errors: { dueDate: 'Pick a due date.' }, failure: 'Not sent' });
    const picked = draft({ assigneeAccountId: 'acc-sofia', assigneeName: 'Sofia Alvarez', dueDate: '2026-12-20', priority: 'High' });
    const blank = draft();
    expect(saveDrafts(s, K, [typed, blank, picked])).toBe(true);
    const back = loadDrafts(s, K);
    const { failure: _dropped, ...typedFields } = typed;
    expect(back).toEqual([
      { ...typedFields, errors: {} },
      { ...picked, errors: {} },
    ]);
    expect(back.map((d) => d.creationKey)).toEqual([typed.creationKey, picked.creationKey]);
    // Someone else on this page, or this person on another page, sees nothing.
    expect(loadDrafts(s, draftsKey('123', 'acc-priya'))).toEqual([]);
    expect(loadDrafts(s, draftsKey('999', 'acc-marcus'))).toEqual([]);
  });

  it('removes the entry once no draft with content is left (all created, or emptied)', () => {
    const s = new MapStorage();
    saveDrafts(s, K, [draft({ summary: 'x' })]);
    expect(s.map.has(K)).toBe(true);
    saveDrafts(s, K, [draft()]);
    expect(s.map.has(K)).toBe(false);
    saveDrafts(s, K, [draft({ summary: 'y' })]);
    saveDrafts(s, K, []);
    expect(s.map.has(K)).toBe(false);
  });

  it('discards on request and leaves other entries alone', () => {
    const s = new MapStorage();
    const other = draftsKey('123', 'acc-priya');
    saveDrafts(s, K, [draft({ summary: 'mine' })]);
    saveDrafts(s, other, [draft({ summary: 'hers' })]);
    discardDrafts(s, K);
    expect(loadDrafts(s, K)).toEqual([]);
    expect(loadDrafts(s, other).map((d) => d.summary)).toEqual(['hers']);
  });

  it('drops what does not parse: broken JSON, a wrong shape, bad creation keys, duplicates', () => {
    const s = new MapStorage();
    s.setItem(K, '{not json');
    expect(loadDrafts(s, K)).toEqual([]);
    s.setItem(K, JSON.stringify({ drafts: 'nope' }));
    expect(loadDrafts(s, K)).toEqual([]);
    const good = {
      creationKey: 'ai-12345678',
      summary: 'Keep me',
      description: '',
      kind: 'prevent',
      assigneeAccountId: '',
      assigneeName: '',
      dueDate: '',
      priority: 'Medium',
      projectKey: 'PAY',
    };
    s.setItem(
      K,
      JSON.stringify({
        drafts: [
          good,
          { ...good, creationKey: 'bad key!' },
          { ...good, summary: 'dup' },
          7,
          { ...good, creationKey: 'ai-87654321', summary: 42 },
        ],
      }),
    );
    // The last one's summary is not text: it becomes empty, and with nothing else in it the draft is dropped.
    expect(loadDrafts(s, K)).toEqual([{ ...good, errors: {} }]);
  });

  it('never throws when the browser refuses storage; keeping is then a no-op', () => {
    const refusing: DraftStorage = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
      removeItem: () => {
        throw new Error('SecurityError');
      },
    };
    expect(saveDrafts(refusing, K, [draft({ summary: 'x' })])).toBe(false);
    expect(loadDrafts(refusing, K)).toEqual([]);
    expect(() => discardDrafts(refusing, K)).not.toThrow();
    expect(saveDrafts(null, K, [draft({ summary: 'x' })])).toBe(false);
    expect(loadDrafts(null, K)).toEqual([]);
  });

  it('counts only drafts a person touched, and says how many were restored', () => {
    expect(unsentDrafts([draft(), draft({ description: 'why' }), draft({ dueDate: '2026-12-01' })])).toHaveLength(2);
    expect(restoredText(1)).toBe('1 unsent draft restored');
    expect(restoredText(2)).toBe('2 unsent drafts restored');
  });
});
