/**
 * Who is told about a project's missed deadlines: the escalation contacts configured for the
 * project, falling back to the project lead; second-tier contacts only where configured.
 * Used by the sweep planner and by the report's "by manager" grouping.
 */
import type { Settings } from '../../contracts/settings';

export type ContactSettings = Pick<Settings, 'escalationContacts'>;
export type ProjectLeads = Readonly<Record<string, { leadAccountId: string | null } | undefined>>;

function uniqueSorted(ids: readonly string[]): string[] {
  return [...new Set(ids.filter((id) => id.length > 0))].sort();
}

/** Managers of a project: configured contacts, else the project lead, else nobody. Sorted, unique. */
export function managersOf(settings: ContactSettings, projects: ProjectLeads, projectKey: string): string[] {
  const configured = settings.escalationContacts[projectKey]?.managers ?? [];
  if (configured.length > 0) return uniqueSorted(configured);
  const lead = projects[projectKey]?.leadAccountId;
  return lead ? [lead] : [];
}

/** Second-tier contacts of a project (no fallback). Sorted, unique. */
export function secondTierOf(settings: ContactSettings, projectKey: string): string[] {
  return uniqueSorted(settings.escalationContacts[projectKey]?.secondTier ?? []);
}
