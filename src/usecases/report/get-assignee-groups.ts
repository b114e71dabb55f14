/** More assignee groups of the overdue section: the next assignees the page has not shown yet, with their bucket counts. */
import * as jira from '../../adapters/jira';
import { clause, isNotEmpty } from '../../domain/jql';
import { assigneesOf } from '../../domain/report/groups';
import { ITEM_SECTIONS, itemSectionJql, oldest, sortGroups } from '../../domain/report/live';
import type { Input, Output } from '../types';
import { readBase, refusalOf } from './base';
import { assigneeGroups, otherAssigneesCount } from './figures';
import { readScope } from './waivers';

/** The most assignees one answer adds. */
const GROUPS_PER_CALL = 20;

export async function getAssigneeGroups(
  payload: Input<'report-resolver', 'getAssigneeGroups'>,
): Promise<Output<'report-resolver', 'getAssigneeGroups'>> {
  const filters = payload.filters;
  const base = await readBase(filters, undefined);
  try {
    const { scope } = await readScope(base, filters);
    if (!scope.clauses) return { groups: [], otherAssignees: 0, asOf: base.now };
    const named = payload.exclude.filter((k) => k !== '');
    const jql = itemSectionJql(
      'overdue',
      scope.clauses,
      base.today,
      [isNotEmpty('assignee'), ...(named.length ? [clause('assignee', 'not in', named)] : [])],
      ITEM_SECTIONS.overdue.order,
    );
    base.counter.calls += 1;
    const page = await jira.searchPage('user', jql, ['assignee'], { maxResults: 100 });
    const found = assigneesOf(
      page.issues.flatMap((i) =>
        i.fields.assignee
          ? [
              {
                assignee: {
                  accountId: i.fields.assignee.accountId,
                  displayName: i.fields.assignee.displayName || i.fields.assignee.accountId,
                },
              },
            ]
          : [],
      ),
    ).slice(0, GROUPS_PER_CALL);
    const [groups, others] = await Promise.all([
      assigneeGroups(base, scope, found),
      otherAssigneesCount(base, scope, [...named, ...found.map((a) => a.accountId)]),
    ]);
    return {
      groups: sortGroups(groups.filter((g) => g.count > 0)),
      otherAssignees: others.count,
      asOf: oldest([...groups, others], base.now),
    };
  } catch (err) {
    throw refusalOf(err, filters, false);
  }
}
