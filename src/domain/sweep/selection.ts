/**
 * What the sweep's JQL must select, as parameters: the adapter builds the JQL itself with
 * `@atlaskit/jql-ast` (docs/architecture.md, "Layers"), never by pasting text. In words:
 *
 *   action items:  labels = <label> AND statusCategory != Done
 *                  AND (duedate <= <dueOnOrBefore> OR duedate IS EMPTY)
 *   postmortems:   incidents whose issue property `postmortem` has status = draft
 *                  and dueDate <= <postmortems.dueOnOrBefore>
 *
 * `dueOnOrBefore` = today + the largest reminder offset, so it covers everything reminded
 * (due within the offsets) and everything overdue. Only `fields` and `properties` are requested.
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
}

export function sweepSelection(
  settings: Pick<SweepSettings, 'reminderOffsets' | 'postmortemReminderOffsets'>,
  today: string,
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
  };
}
