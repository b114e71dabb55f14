import { DEFAULT_SETTINGS, type Settings } from '../../../../src/contracts/settings';
import type { SweepInput, SweepItem, SweepPlan, SweepPostmortem } from '../../../../src/domain/sweep/types';
import { planSweep } from '../../../../src/domain/sweep/plan';
import { ledgerViewOfKeys, type LedgerView } from '../../../../src/domain/sweep/ledger';

export const SITE = 'https://acme.atlassian.net';
export const TODAY = '2026-03-10';

export function settings(overrides: Partial<Settings> = {}): Settings {
  return {
    ...DEFAULT_SETTINGS,
    escalationContacts: { OPS: { managers: ['mgr-ops'], secondTier: ['vp-eng'] } },
    ...overrides,
  };
}

export const PROJECTS: SweepInput['projects'] = {
  OPS: { leadAccountId: 'lead-ops' },
  WEB: { leadAccountId: 'lead-web' },
  NOLEAD: { leadAccountId: null },
};

let seq = 0;
export function item(overrides: Partial<SweepItem> = {}): SweepItem {
  seq++;
  return {
    key: `OPS-${seq}`,
    summary: `Action ${seq}`,
    statusCategory: 'new',
    assignee: { accountId: 'alice', displayName: 'Alice Example' },
    reporter: { accountId: 'rita', displayName: 'Rita Reporter' },
    dueDate: TODAY,
    projectKey: 'OPS',
    incidentKey: 'INC-1',
    pageId: '1001',
    pageUrl: 'https://acme.atlassian.net/wiki/spaces/OPS/pages/1001',
    priority: 'Medium',
    ...overrides,
  };
}

export function postmortem(overrides: Partial<SweepPostmortem> = {}): SweepPostmortem {
  return {
    incidentKey: 'INC-1',
    incidentProjectKey: 'OPS',
    pageId: '1001',
    pageTitle: 'Postmortem: checkout outage',
    pageUrl: 'https://acme.atlassian.net/wiki/spaces/OPS/pages/1001',
    ownerAccountId: 'owen',
    status: 'draft',
    dueDate: TODAY,
    ...overrides,
  };
}

export function plan(partial: Partial<Omit<SweepInput, 'ledger'>> & { ledger?: Iterable<string> | LedgerView }): SweepPlan {
  const ledger =
    partial.ledger && 'sentTo' in partial.ledger
      ? partial.ledger
      : ledgerViewOfKeys((partial.ledger as Iterable<string> | undefined) ?? []);
  return planSweep({
    items: [],
    postmortems: [],
    settings: settings(),
    today: TODAY,
    projects: PROJECTS,
    siteUrl: SITE,
    ...partial,
    ledger,
  });
}
