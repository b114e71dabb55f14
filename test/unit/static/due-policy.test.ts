/** Due dates by policy: the form proposes today + the priority's weeks; a later date needs a reason (checked by the form and the resolver). */
import { DEFAULT_DUE_DATE_POLICY } from '../../../src/contracts/settings';
import { draftProblems, policyDueDate, policyWeeks } from '../../../src/contracts/action-item-rules';
import { changePriority, laterThanPolicy, newDraft, proposeDue, toPayload } from '../../../static/macro/src/action-items-logic';

const TODAY = '2026-03-02';
const policy = DEFAULT_DUE_DATE_POLICY;
const base = {
  summary: 'Add an alarm',
  description: '',
  kind: 'detect',
  assigneeAccountId: 'a',
  priority: 'High',
  projectKey: 'PAY',
};

describe('the policy', () => {
  it('gives 4 weeks to Highest and High and 8 weeks to the rest, by default', () => {
    expect(policyWeeks('Highest', policy)).toBe(4);
    expect(policyWeeks('High', policy)).toBe(4);
    expect(policyWeeks('Medium', policy)).toBe(8);
    expect(policyWeeks('Lowest', policy)).toBe(8);
    expect(policyDueDate('High', TODAY, policy)).toBe('2026-03-30');
    expect(policyDueDate('Low', TODAY, policy)).toBe('2026-04-27');
    expect(policyWeeks('constructor', policy)).toBe(8); // not an inherited key
  });

  it('asks a reason only for a date later than the policy’s', () => {
    const rules = { today: TODAY, projectKeys: ['PAY'], policy };
    expect(draftProblems({ ...base, dueDate: '2026-03-30' }, rules)).toEqual({});
    expect(draftProblems({ ...base, dueDate: '2026-03-10' }, rules)).toEqual({});
    expect(draftProblems({ ...base, dueDate: '2026-04-15' }, rules)).toEqual({
      dueDateReason: 'High items are due within 4 weeks (by 2026-03-30); say why this one needs until 2026-04-15.',
    });
    expect(draftProblems({ ...base, dueDate: '2026-04-15', dueDateReason: 'Waits for the vendor release.' }, rules)).toEqual({});
    expect(draftProblems({ ...base, dueDate: '2026-04-15', dueDateReason: 'x'.repeat(501) }, rules).dueDateReason).toMatch(/500/);
    // without a policy (older callers), nothing is asked
    expect(draftProblems({ ...base, dueDate: '2026-12-15' }, { today: TODAY, projectKeys: ['PAY'] })).toEqual({});
  });
});

describe('the form', () => {
  it('proposes the policy’s date and follows the priority until the person picks their own', () => {
    const d = proposeDue(
      newDraft('PAY', () => 'ai-0123456789'),
      TODAY,
      policy,
    );
    expect(d).toMatchObject({ priority: 'Medium', dueDate: '2026-04-27' });
    const high = changePriority(d, 'High', TODAY, policy);
    expect(high.dueDate).toBe('2026-03-30');
    const own = { ...high, dueDate: '2026-03-20' };
    expect(changePriority(own, 'Low', TODAY, policy).dueDate).toBe('2026-03-20');
    expect(laterThanPolicy({ ...high, dueDate: '2026-05-01' }, TODAY, policy)).toBe('2026-03-30');
    expect(laterThanPolicy(high, TODAY, policy)).toBeNull();
    expect(toPayload({ ...high, dueDateReason: '  vendor  ' }).dueDateReason).toBe('vendor');
    expect(toPayload(high)).not.toHaveProperty('dueDateReason');
  });
});
