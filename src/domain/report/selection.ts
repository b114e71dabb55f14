/**
 * What the report's resolver must read (as the viewing user), as parameters; the adapter builds
 * the JQL with `@atlaskit/jql-ast`:
 *   open items:      labels = <label> AND statusCategory != Done
 *   resolved items:  labels = <label> AND statusCategory = Done AND resolved >= <resolvedSince>
 *   postmortems:     incidents with the `postmortem` property (all statuses; reviewed ones from
 *                    <reviewedSince> are enough for the trends and the 30-day list)
 */
import { ACTION_ITEM_LABEL, ACTION_ITEM_PROPERTY_KEY, POSTMORTEM_PROPERTY_KEY } from '../../contracts/properties';
import { addDays } from '../dates';
import { RECENTLY_REVIEWED_DAYS } from './aggregate';
import { TREND_WEEKS, trendWindowStart } from './trends';

export const REPORT_ITEM_FIELDS = [
  'summary',
  'status',
  'assignee',
  'reporter',
  'duedate',
  'project',
  'priority',
  'resolutiondate',
] as const;

export interface ReportSelection {
  label: string;
  itemFields: readonly string[];
  itemProperties: readonly string[];
  /** Done items resolved on or after this date feed the trends. */
  resolvedSince: string;
  postmortemPropertyKey: string;
  /** Reviewed postmortems reviewed on or after this date are needed. */
  reviewedSince: string;
}

export function reportSelection(today: string, weeks: number = TREND_WEEKS): ReportSelection {
  const windowStart = trendWindowStart(today, weeks);
  const recent = addDays(today, -(RECENTLY_REVIEWED_DAYS - 1));
  return {
    label: ACTION_ITEM_LABEL,
    itemFields: REPORT_ITEM_FIELDS,
    itemProperties: [ACTION_ITEM_PROPERTY_KEY],
    // a day earlier: a resolution instant late in the evening UTC may fall on the window's first day locally
    resolvedSince: addDays(windowStart, -1),
    postmortemPropertyKey: POSTMORTEM_PROPERTY_KEY,
    reviewedSince: addDays(windowStart < recent ? windowStart : recent, -1),
  };
}
