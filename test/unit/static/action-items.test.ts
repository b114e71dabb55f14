/** The macro's action-item form logic, as plain functions. */
import { draftProblems, SUMMARY_MAX } from '../../../src/contracts/action-item-rules';
import { ActionItemProperty } from '../../../src/contracts/properties';
import {
  applyOutcomes,
  checkDrafts,
  countsText,
  creatingText,
  makeCreationKey,
  newDraft,
  replaceRow,
  splitChecked,
  stateTone,
  toPayload,
  withHeld,
  type Draft,
} from '../../../static/macro/src/action-items-logic';
import type { ActionItemRow } from '../../../src/contracts/macro-actions';

const TODAY = '2026-03-10';
const RULES = { today: TODAY, projectKeys: ['PAY', 'PLAT'] };
let k = 0;
const key = () => `key-${(k += 1).toString().padStart(6, '0')}`;

function filled(over: Partial<Draft> = {}): Draft {
  return {
    ...newDraft('PAY', key),
    summary: 'Add an alert',
    assigneeAccountId: 'acc-1',
    assigneeName: 'Sofia',
    dueDate: '2026-03-20',
    ...over,
  };
}

describe('drafts', () => {
  it('start with the default project, Medium priority and a creation key the property schema accepts', () => {
    const d = newDraft('PLAT');
    expect(d).toMatchObject({ projectKey: 'PLAT', priority: 'Medium', kind: 'prevent', summary: '', dueDate: '' });
    expect(ActionItemProperty.shape.creationKey.safeParse(d.creationKey).success).toBe(true);
    expect(newDraft(null).projectKey).toBe('');
    expect(makeCreationKey(() => 'a/b c')).toBe('ai-abc');
    expect(newDraft('PAY').creationKey).not.toBe(newDraft('PAY').creationKey);
  });

  it('send only the fields the resolver takes', () => {
    const d = filled({ errors: { summary: 'x' }, failure: 'earlier' });
    expect(Object.keys(toPayload(d)).sort()).toEqual([
      'assigneeAccountId',
      'creationKey',
      'description',
      'dueDate',
      'kind',
      'priority',
      'projectKey',
      'summary',
    ]);
  });
});

describe('checking drafts before sending', () => {
  it('passes a complete draft', () => {
    expect(checkDrafts([filled()], RULES)).toMatchObject({ ok: true, drafts: [{ errors: {} }] });
  });

  it('names each problem on its field', () => {
    const { ok, drafts } = checkDrafts(
      [
        filled({ summary: '  ' }),
        filled({ summary: 'y'.repeat(SUMMARY_MAX + 1) }),
        filled({ dueDate: '' }),
        filled({ dueDate: '2026-02-30' }),
        filled({ dueDate: '2026-03-09' }),
        filled({ assigneeAccountId: '' }),
        filled({ projectKey: 'MOB' }),
        filled({ priority: 'Urgent!' }),
      ],
      RULES,
    );
    expect(ok).toBe(false);
    expect(drafts.map((d) => Object.keys(d.errors))).toEqual([
      ['summary'],
      ['summary'],
      ['dueDate'],
      ['dueDate'],
      ['dueDate'],
      ['assigneeAccountId'],
      ['projectKey'],
      ['priority'],
    ]);
    expect(drafts[1]?.errors.summary).toContain('it has 256');
    expect(drafts[4]?.errors.dueDate).toBe('The due date 2026-03-09 is in the past. Pick today (2026-03-10) or a later date.');
  });

  it('accepts today as a due date and says so when no project is allowed', () => {
    expect(draftProblems(filled({ dueDate: TODAY }), RULES)).toEqual({});
    expect(draftProblems(filled(), { today: TODAY, projectKeys: [] }).projectKey).toMatch(/Ask a Jira admin/);
  });
});

describe('folding outcomes back into the form', () => {
  it('removes created drafts, keeps failed ones with their messages, and reports both', () => {
    const a = filled({ summary: 'A' });
    const b = filled({ summary: 'B' });
    const c = filled({ summary: 'C' });
    const r = applyOutcomes(
      [a, b, c],
      [
        { creationKey: a.creationKey, outcome: 'created', issueKey: 'PAY-9' },
        { creationKey: b.creationKey, outcome: 'failed', message: 'Not created: past.', fields: { dueDate: 'past' } },
        { creationKey: c.creationKey, outcome: 'existing', issueKey: 'PAY-8', warnings: ['not linked'] },
      ],
    );
    expect(r.created).toEqual([
      { issueKey: 'PAY-9', summary: 'A', existing: false, warnings: [] },
      { issueKey: 'PAY-8', summary: 'C', existing: true, warnings: ['not linked'] },
    ]);
    expect(r.failed).toEqual([{ summary: 'B', message: 'Not created: past.' }]);
    expect(r.remaining).toHaveLength(1);
    expect(r.remaining[0]).toMatchObject({ creationKey: b.creationKey, errors: { dueDate: 'past' }, failure: 'Not created: past.' });
  });

  it('keeps a draft the answer does not mention (and its creation key, so a retry is safe)', () => {
    const a = filled();
    const r = applyOutcomes([a], []);
    expect(r.remaining[0]?.creationKey).toBe(a.creationKey);
    expect(r.failed[0]?.message).toMatch(/will not be created twice/);
  });
});

describe('wording', () => {
  it('counts', () => {
    expect(countsText({ total: 0, done: 0, overdue: 0, needsDueDate: 0 })).toBe('No action items yet');
    expect(countsText({ total: 7, done: 1, overdue: 2, needsDueDate: 1 })).toBe('1 of 7 done · 2 overdue · 1 needs a due date');
    expect(countsText({ total: 3, done: 3, overdue: 0, needsDueDate: 2 })).toBe('3 of 3 done · 2 need a due date');
    expect(creatingText(1)).toBe('Creating 1 action item in Jira…');
    expect(creatingText(3)).toBe('Creating 3 action items in Jira…');
  });

  it('tones', () => {
    expect([stateTone('done'), stateTone('overdue'), stateTone('due-today'), stateTone('no-due-date'), stateTone('due')]).toEqual([
      'success',
      'danger',
      'warning',
      'warning',
      'default',
    ]);
  });

  it('replaces an edited row in place', () => {
    const row = (key: string, due: string): ActionItemRow => ({
      key,
      summary: key,
      status: 'To Do',
      statusCategory: 'new',
      assignee: null,
      dueDate: due,
      due: 'x',
      state: 'due',
      priority: null,
      kind: null,
      projectKey: 'PAY',
      handMade: false,
      url: `/browse/${key}`,
    });
    const rows = [row('PAY-1', '2026-03-11'), row('PAY-2', '2026-03-12')];
    expect(replaceRow(rows, row('PAY-2', '2026-04-01')).map((r) => r.dueDate)).toEqual(['2026-03-11', '2026-04-01']);
  });
});

describe('sending only the drafts that pass the checks', () => {
  it('holds back failing drafts with their reasons and keeps them in the form', () => {
    const good = filled({ summary: 'Good' });
    const late = filled({ summary: 'Late', dueDate: '2026-01-01' });
    const { drafts } = checkDrafts([good, late], RULES);
    const { ready, held } = splitChecked(drafts);
    expect(ready.map((d) => d.summary)).toEqual(['Good']);
    expect(held.map((d) => d.summary)).toEqual(['Late']);
    const r = withHeld(applyOutcomes(ready, [{ creationKey: good.creationKey, outcome: 'created', issueKey: 'PAY-10' }]), held);
    expect(r.created.map((c) => c.issueKey)).toEqual(['PAY-10']);
    expect(r.failed).toEqual([{ summary: 'Late', message: expect.stringMatching(/^Not sent: The due date 2026-01-01 is in the past/) }]);
    expect(r.remaining.map((d) => d.creationKey)).toEqual([late.creationKey]);
    expect(r.remaining[0]?.errors.dueDate).toMatch(/in the past/);
  });
});
