/**
 * What the sweep's JQL must select, as parameters: the adapter builds the JQL itself with
 * `@atlaskit/jql-ast` (docs/architecture.md, "Layers"), never by pasting text. In words:
 *
 *   action items:  labels = <label> AND statusCategory != Done
 *                  AND (duedate <= <dueOnOrBefore> OR duedate IS EMPTY)
 *   postmortems:   incidents whose issue property `postmortem` has status = draft
 *                  and dueDate <= <postmortems.dueOnOrBefore>
 *
 *   incidents:     issuetype in <types> [AND project in <keys>] AND statusCategory = Done
 *                  AND resolved >= <resolvedOnOrAfter>, whatever their `postmortem` property says
 *                  (tracked from resolution; only when `tracking` is given): chased as having no
 *                  page unless the app's seal proves their record (docs/decisions/0017)
 *
 * `dueOnOrBefore` = today + the largest reminder offset, so it covers everything reminded
 * (due within the offsets) and everything overdue. Only `fields` and `properties` are requested.
 * An incident without a page is due `deadlineDays` after the day it was resolved (site time
 * zone); the JQL's resolution bound is a day early (JQL reads dates in the searcher's zone) and
 * the exact day is checked on each hit.
 */
import { ACTION_ITEM_LABEL, ACTION_ITEM_PROPERTY_KEY, POSTMORTEM_PROPERTY_KEY } from '../../contracts/properties';
import { addDays, isIsoDate } from '../dates';
import { maxOffset } from './stages';
import type { SweepSettings } from './types';

/** The Jira fields the planner reads from an action item (plus the `postmortem-action` property). */
export const SWEEP_ITEM_FIELDS = ['summary', 'status', 'assignee', 'reporter', 'duedate', 'project', 'priority'] as const;

export interface SweepSelection {
  actionItems: {
    label: string;
    /** Status category to exclude. */
    excludeStatusCategory: 'done';
    /** Select items due on or before this date (covers overdue). */
    dueOnOrBefore: string;
    /** Also select items whose due date is empty. */
    includeWithoutDueDate: true;
    maxReminderOffset: number;
    fields: readonly string[];
    properties: readonly string[];
  };
  postmortems: {
    propertyKey: string;
    status: 'draft';
    dueOnOrBefore: string;
    maxReminderOffset: number;
  };
  /** Incidents tracked from resolution that have no postmortem page yet (absent: none are selected). */
  incidents?: IncidentTracking & {
    /** JQL bound: one day before `startDate`. */
    resolvedOnOrAfter: string;
    /** Resolved on or before this day (site time zone): due within the reminder offsets, or late. */
    lastResolvedDay: string;
  };
}

/** Which incidents are tracked from resolution (settings + the effective start date). */
export interface IncidentTracking {
  issueTypes: readonly string[];
  projectKeys: readonly string[];
  /** Tracked when resolved on or after this day (site time zone). */
  startDate: string;
  deadlineDays: number;
  timeZone: string;
  ownerRole: 'assignee' | 'reporter';
}

export function sweepSelection(
  settings: Pick<SweepSettings, 'reminderOffsets' | 'postmortemReminderOffsets'>,
  today: string,
  tracking?: IncidentTracking,
): SweepSelection {
  if (!isIsoDate(today)) throw new RangeError(`today must be YYYY-MM-DD, got ${JSON.stringify(today)}`);
  const itemMax = maxOffset(settings.reminderOffsets);
  const pmMax = maxOffset(settings.postmortemReminderOffsets);
  return {
    actionItems: {
      label: ACTION_ITEM_LABEL,
      excludeStatusCategory: 'done',
      dueOnOrBefore: addDays(today, itemMax),
      includeWithoutDueDate: true,
      maxReminderOffset: itemMax,
      fields: SWEEP_ITEM_FIELDS,
      properties: [ACTION_ITEM_PROPERTY_KEY],
    },
    postmortems: {
      propertyKey: POSTMORTEM_PROPERTY_KEY,
      status: 'draft',
      dueOnOrBefore: addDays(today, pmMax),
      maxReminderOffset: pmMax,
    },
    ...(tracking && isIsoDate(tracking.startDate)
      ? {
          incidents: {
            ...tracking,
            resolvedOnOrAfter: addDays(tracking.startDate, -1),
            lastResolvedDay: addDays(today, pmMax - tracking.deadlineDays),
          },
        }
      : {}),
  };
}

/**
 * The due date of the postmortem of an incident tracked from resolution, or undefined when it is
 * not tracked (resolved before the start date) or not due within the selection's reach yet.
 */
export function trackedDueDate(resolvedDay: string, incidents: NonNullable<SweepSelection['incidents']>): string | undefined {
  if (!isIsoDate(resolvedDay) || resolvedDay < incidents.startDate || resolvedDay > incidents.lastResolvedDay) return undefined;
  return addDays(resolvedDay, incidents.deadlineDays);
}
