/**
 * Every settings call is for Jira administrators only (the settings, their change history and the
 * sweep's run records, failure details included, are admin records): each use case of the settings
 * page first passes `requireJiraAdmin()`, which asks Jira as the caller (never the payload).
 */
import * as jira from '../../adapters/jira';
import { Refusal } from '../refusal';

/** Refuses anyone who is not a Jira administrator: the one check every settings call makes. */
export async function requireJiraAdmin(): Promise<void> {
  if (!(await jira.isJiraAdmin())) {
    throw new Refusal(
      'forbidden',
      'Only Jira administrators can see and change the Postmortem settings. Ask one of your Jira admins to make this change.',
    );
  }
}

/** Display names by account id. */
export function personNames(people: readonly jira.Person[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of people) out[p.accountId] = p.displayName;
  return out;
}
