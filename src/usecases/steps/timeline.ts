/**
 * Drafting a postmortem's Timeline from its incident's Jira history, as the caller: the changelog
 * and comments are read page by page within a time budget (a resolver has 25 s, docs/platform.md,
 * Forge), then turned into events with roles instead of names (src/domain/postmortem/timeline.ts).
 */
import * as clock from '../../adapters/clock';
import * as jira from '../../adapters/jira';
import type { Settings } from '../../contracts/settings';
import { timelineEvents, type TimelineEvent } from '../../domain/postmortem';

/** What reading the history may take of a call's 25 s: the page write and links come after it. */
export const HISTORY_BUDGET_MS = 10_000;

export type DraftedTimeline = { ok: true; events: TimelineEvent[]; complete: boolean; pages: number } | { ok: false; problem: string };

export async function draftTimeline(incident: jira.Issue, settings: Settings, budgetMs = HISTORY_BUDGET_MS): Promise<DraftedTimeline> {
  let history: jira.IssueHistory | undefined;
  try {
    history = await jira.readIssueHistory('user', incident.key, clock.nowMs() + budgetMs, clock.nowMs);
  } catch (err) {
    if (!(err instanceof jira.ProductError)) throw err;
    console.warn(`draftTimeline: ${incident.key}'s history could not be read:`, err.message);
    return { ok: false, problem: `Jira did not give ${incident.key}’s history (status ${err.status}).` };
  }
  if (!history) return { ok: false, problem: `${incident.key} does not exist or you may not see it.` };
  const events = timelineEvents(
    {
      key: incident.key,
      created: incident.fields.created ?? '',
      reporterId: incident.fields.reporter?.accountId ?? null,
      assigneeId: incident.fields.assignee?.accountId ?? null,
      priority: incident.fields.priority?.name ?? null,
      changes: history.changes,
      comments: history.comments,
    },
    { marker: settings.timeline.commentMarker },
  );
  return { ok: true, events, complete: history.complete, pages: history.pages };
}
