/**
 * Calls of the review meeting's agenda macro (`macro` module `postmortem-agenda`, function
 * `agenda-resolver`): the review queue, the late postmortems and the overdue action items by team,
 * read live as the person viewing the page (issue 14, item 5). The page holding the macro is read
 * by people with different rights, so nothing is written into it: each viewer's macro asks for
 * their own lists. The rows are the report's (./report-rows.ts), so the agenda and the report agree.
 */
import { z } from 'zod';
import { IsoDate, IsoDateTime } from './ids';
import { ReportItemRow, ReportPerson, ReportPostmortemRow } from './report-rows';
import { call, NoPayload } from './resolver';

/** Rows of each postmortem list, teams listed, and overdue items shown per team; the report has the rest. */
export const AGENDA_ROWS = 20;
export const AGENDA_TEAMS = 20;
export const AGENDA_TEAM_ITEMS = 5;

const Count = z.number().int().min(0);

/** The first rows of a postmortem list, with its total and when it was read. */
export const AgendaPostmortems = z.object({
  total: Count,
  asOf: IsoDateTime,
  rows: z.array(ReportPostmortemRow).max(AGENDA_ROWS),
});
export type AgendaPostmortems = z.infer<typeof AgendaPostmortems>;

/** A team: a project and its managers (its escalation managers, else its lead), with its overdue items, most overdue first. */
export const AgendaTeam = z.object({
  projectKey: z.string().max(32),
  projectName: z.string().max(255),
  /** Empty when the project has neither escalation managers nor a lead. */
  managers: z.array(ReportPerson).max(50),
  /** The team's overdue action items (Jira's count as the viewer). */
  total: Count,
  asOf: IsoDateTime,
  rows: z.array(ReportItemRow).max(AGENDA_TEAM_ITEMS),
});
export type AgendaTeam = z.infer<typeof AgendaTeam>;

export const Agenda = z.object({
  /**
   * `jira`: the lists as the viewer may see them. `no-jira`: Jira refused the viewer (no access to
   * Jira on this site), so every list is empty and the macro says so.
   */
  access: z.enum(['jira', 'no-jira']),
  /** Jira projects the viewer may browse (0: they see no incident or action item). */
  projectsBrowsed: Count,
  today: IsoDate,
  /** The current week in the site's time zone, Monday to Sunday. */
  week: z.object({ start: IsoDate, end: IsoDate }),
  timeZone: z.string().max(100),
  /** The oldest instant any list of this answer is true as of. */
  asOf: IsoDateTime,
  /** Oldest review request first, each with the findings open when it was sent and the author's reason. */
  reviewQueue: AgendaPostmortems,
  /** Most late first; incidents tracked from resolution without a page included. */
  late: AgendaPostmortems,
  overdue: z.object({
    /** Overdue action items the viewer may browse, in every team. */
    total: Count,
    asOf: IsoDateTime,
    /** Teams with overdue items, most first; at most AGENDA_TEAMS. */
    teams: z.array(AgendaTeam).max(AGENDA_TEAMS),
    /** Teams with overdue items not listed (beyond AGENDA_TEAMS). */
    moreTeams: Count,
  }),
  /** Display names of the postmortems' owners, by account id. */
  people: z.record(z.string(), z.string()),
  /** The Postmortem report (a Jira global page), where every list continues. */
  reportUrl: z.string().max(2100),
  /** Product calls this answer cost. */
  productCalls: Count,
});
export type Agenda = z.infer<typeof Agenda>;

export const AGENDA_CALLS = {
  getAgenda: call(NoPayload, Agenda),
} as const;
