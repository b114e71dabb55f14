/** Incidents tracked from resolution: selected, due from the day resolved, reminded and escalated with no page. */
import { syntaxErrors } from '../../../../src/domain/jql';
import { addDays } from '../../../../src/domain/dates';
import { ledgerKey, sweepSelection, type IncidentTracking } from '../../../../src/domain/sweep';
import { subjectsOf, sweepJql, type FoundIssue } from '../../../../src/triggers/sweep/scan';
import { TODAY, plan, postmortem, settings } from './fixtures';

const tracking: IncidentTracking = {
  issueTypes: ['Incident'],
  projectKeys: [],
  startDate: addDays(TODAY, -60),
  deadlineDays: 7,
  timeZone: 'UTC',
  ownerRole: 'assignee',
};
const selection = sweepSelection(settings(), TODAY, tracking);

function incident(key: string, resolvedDaysAgo: number, over: Partial<FoundIssue['fields']> = {}, properties = {}): FoundIssue {
  return {
    key,
    fields: {
      summary: `Outage ${key}`,
      status: { statusCategory: { key: 'done' } },
      assignee: { accountId: 'ella', displayName: 'Ella' },
      reporter: { accountId: 'tom', displayName: 'Tom' },
      project: { key: 'INC' },
      issuetype: { name: 'Incident' },
      resolutiondate: `${addDays(TODAY, -resolvedDaysAgo)}T10:00:00.000+0000`,
      labels: [],
      ...over,
    },
    properties,
  };
}

describe('incidents tracked from resolution', () => {
  it('are selected by one more clause of the sweep JQL: resolved since the start, whatever their postmortem property claims', () => {
    const jql = sweepJql(selection);
    expect(syntaxErrors(jql)).toEqual([]);
    expect(jql.replace(/\s+/g, ' ')).toContain(
      `(issuetype in (Incident) and statusCategory = Done and resolved >= ${addDays(TODAY, -61)})`,
    );
    expect(sweepJql(sweepSelection(settings(), TODAY))).not.toContain('resolved');
  });

  it('are due deadline days after the day resolved, owned by the assignee; older, unresolved, other types are left out', () => {
    const got = subjectsOf(
      [
        incident('INC-1', 30),
        incident('INC-2', 61), // before the start date
        incident('INC-3', 2, { status: { statusCategory: { key: 'indeterminate' } } }),
        incident('INC-4', 2, { issuetype: { name: 'Bug' } }),
        incident('INC-5', 6),
        incident('INC-6', 4), // due in 3 days: beyond the reminder offsets (2, 0)
      ],
      selection,
    ).postmortems;
    expect(got.map((p) => [p.incidentKey, p.dueDate, p.ownerAccountId, p.pageId])).toEqual([
      ['INC-1', addDays(TODAY, -23), 'ella', null],
      ['INC-5', addDays(TODAY, 1), 'ella', null],
    ]);
    const byReporter = sweepSelection(settings(), TODAY, { ...tracking, ownerRole: 'reporter' });
    expect(subjectsOf([incident('INC-1', 30)], byReporter).postmortems[0]?.ownerAccountId).toBe('tom');
  });

  it('count as past draft only with a record the app sealed: a claim without a proved seal is chased with no page, from resolution', () => {
    const page = {
      pageId: '77',
      pageTitle: 'Postmortem for INC',
      pageUrl: 'https://acme.atlassian.net/wiki/pages/77',
      ownerAccountId: 'ella',
    };
    const reviewed = {
      ...page,
      status: 'reviewed',
      dueDate: addDays(TODAY, -23),
      reviewedAt: `${TODAY}T00:00:00.000Z`,
      seal: 'S'.repeat(43),
    };
    const draftDue = { ...page, status: 'draft', dueDate: addDays(TODAY, -1), seal: 'S'.repeat(43) };
    const issues = [
      { ...incident('INC-1', 30, {}, { postmortem: reviewed }), id: '10001' }, // genuine (the check proves it)
      { ...incident('INC-2', 30, {}, { postmortem: { status: 'reviewed' } }), id: '10002' }, // made up
      { ...incident('INC-3', 30, {}, { postmortem: reviewed }), id: '10003' }, // INC-1's seal, copied
      { ...incident('INC-4', 30, {}, { postmortem: { ...draftDue, dueDate: addDays(TODAY, 300) } }), id: '10004' }, // a draft "due" far ahead
      { ...incident('INC-5', 30, {}, { postmortem: draftDue }), id: '10005' }, // genuine draft, due
    ];
    const sealedFor = new Set(['10001', '10005']);
    const recorded = (id: string, raw: unknown) => (sealedFor.has(id) ? (raw as never) : undefined);
    const got = subjectsOf(issues, selection, undefined, recorded).postmortems;
    expect(got.map((p) => [p.incidentKey, p.pageId, p.dueDate])).toEqual([
      ['INC-2', null, addDays(TODAY, -23)],
      ['INC-3', null, addDays(TODAY, -23)],
      ['INC-4', null, addDays(TODAY, -23)],
      ['INC-5', '77', addDays(TODAY, -1)],
    ]);
    // Without the app's key nothing is proved: every tracked incident is chased.
    expect(subjectsOf(issues, selection).postmortems.map((p) => p.pageId)).toEqual([null, null, null, null, null]);
  });

  it('remind the owner that no page exists yet, with the incident to create it from', () => {
    const pm = postmortem({ pageId: null, pageUrl: '', pageTitle: 'Login failures', dueDate: addDays(TODAY, 2), ownerName: 'Ella' });
    const mails = plan({ postmortems: [pm] }).notifications;
    expect(mails).toHaveLength(1);
    const m = mails[0]!;
    expect(m.kind).toBe('postmortem-reminder');
    expect(m.recipients).toEqual(['owen']);
    expect(m.subject).toBe('Postmortem for INC-1 is due in 2 days: Login failures');
    expect(m.textBody).toContain('nobody has started it yet');
    expect(m.textBody).toContain('https://acme.atlassian.net/browse/INC-1');
    expect(m.settles).toEqual([ledgerKey('p', 'INC-1', addDays(TODAY, 2), 'r2')]);
  });

  it('once late, escalate to the managers saying no page exists, and tell the owner', () => {
    const pm = postmortem({
      incidentProjectKey: 'OPS',
      pageId: null,
      pageUrl: '',
      pageTitle: 'Status page down',
      dueDate: addDays(TODAY, -8),
    });
    const mails = plan({ postmortems: [pm] }).notifications;
    const esc = mails.find((m) => m.kind === 'escalation')!;
    expect(esc.subject).toBe('Escalation for INC-1: the postmortem is late');
    expect(esc.textBody).toContain('- Postmortem for INC-1 "Status page down": due');
    expect(esc.textBody).toContain('late by 8 days, no page yet. https://acme.atlassian.net/browse/INC-1');
    const owner = mails.find((m) => m.kind === 'postmortem-late')!;
    expect(owner.recipients).toEqual(['owen']);
    expect(owner.settles).toEqual([ledgerKey('p', 'INC-1', addDays(TODAY, -8), 'o8')]);
    expect(owner.textBody).toContain('no page exists yet');
    // The next sweep of the same stage sends neither again.
    const again = plan({ postmortems: [pm], ledger: [...esc.settles, ...owner.settles] }).notifications;
    expect(again).toEqual([]);
  });
});

describe('second-tier escalation', () => {
  it('says it is one, from which overdue day, and that the managers were told first', () => {
    const s = settings({ escalationContacts: { OPS: { managers: ['mgr'], secondTier: ['vp'] } } });
    const late = postmortem({ dueDate: addDays(TODAY, -14) });
    const mails = plan({ postmortems: [late], settings: s }).notifications.filter((m) => m.kind === 'escalation');
    const vp = mails.find((m) => m.recipients.includes('vp'))!;
    const mgr = mails.find((m) => m.recipients.includes('mgr'))!;
    expect(vp.subject).toBe('Second-tier escalation for INC-1: the postmortem is late');
    expect(vp.textBody).toContain('overdue for 14 days or more. The managers of OPS were told first');
    expect(mgr.subject).toBe('Escalation for INC-1: the postmortem is late');
  });
});
