import { DEFAULT_SETTINGS } from '../../../../src/contracts/settings';
import { ReportFilters } from '../../../../src/contracts/report-rows';
import { addDays } from '../../../../src/domain/dates';
import type { ReportInput, ReportItem, ReportPostmortem } from '../../../../src/domain/report/types';

export const TODAY = '2026-03-18'; // a Wednesday
export const SITE = 'https://acme.atlassian.net';
export const due = (days: number) => addDays(TODAY, days);

let seq = 0;
export function rItem(overrides: Partial<ReportItem> = {}): ReportItem {
  seq++;
  return {
    key: `OPS-${seq}`,
    summary: `Action ${seq}`,
    statusCategory: 'indeterminate',
    assignee: { accountId: 'alice', displayName: 'Alice' },
    reporter: { accountId: 'rita', displayName: 'Rita' },
    dueDate: due(-3),
    projectKey: 'OPS',
    incidentKey: 'INC-1',
    pageUrl: 'https://acme.atlassian.net/wiki/pages/1',
    priority: 'High',
    resolutionDate: null,
    ...overrides,
  };
}

export function rPm(overrides: Partial<ReportPostmortem> = {}): ReportPostmortem {
  seq++;
  return {
    incidentKey: `INC-${seq}`,
    incidentProjectKey: 'INC',
    pageId: String(1000 + seq),
    pageTitle: `Postmortem ${seq}`,
    pageUrl: `https://acme.atlassian.net/wiki/pages/${1000 + seq}`,
    ownerAccountId: 'owen',
    status: 'draft',
    dueDate: due(2),
    incidentDate: due(-5),
    requestedReviewAt: null,
    reviewedAt: null,
    ...overrides,
  };
}

export function input(partial: Partial<Omit<ReportInput, 'filters'>> & { filters?: Partial<ReportFilters> } = {}): ReportInput {
  return {
    items: [],
    postmortems: [],
    settings: {
      ...DEFAULT_SETTINGS,
      escalationContacts: {
        OPS: { managers: ['mgr-ops'], secondTier: [] },
        INC: { managers: ['mgr-inc'], secondTier: [] },
      },
    },
    projects: { OPS: { leadAccountId: 'lead-ops' }, WEB: { leadAccountId: 'lead-web' }, INC: { leadAccountId: 'lead-inc' } },
    today: TODAY,
    siteUrl: SITE,
    people: { 'mgr-ops': 'Morgan Ops', 'lead-web': 'Lee Web', owen: 'Owen Owner' },
    ...partial,
    filters: ReportFilters.parse(partial.filters ?? {}),
  };
}
