/**
 * Settings checked against the site when saved (docs/platform.md, Jira REST): every reference the
 * settings make — link type, incident and action-item projects and issue types, the Confluence
 * space and parent page, the reviewer group — must exist and be usable by the person saving, asked
 * as them (the people named are checked by the save, with one user look-up). One
 * message per field path (the page shows each under its field and, with the field's label, in
 * its error summary), all found at once.
 */
import * as confluence from '../../adapters/confluence';
import * as jira from '../../adapters/jira';
import type { Settings } from '../../contracts/settings';
import { screenFit } from '../../domain/action-items';
import { reviewerGroupProblem } from '../../domain/settings';

const quote = (names: readonly string[]) => names.map((n) => `"${n}"`).join(', ');

export async function settingsReferenceProblems(s: Settings): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const action = s.actionItems;
  const keys = [
    ...new Set([
      ...s.incidentFilter.projectKeys,
      ...action.projectKeys,
      ...(action.defaultProjectKey ? [action.defaultProjectKey] : []),
      ...Object.keys(s.escalationContacts),
    ]),
  ];
  const group = s.reviewers.groupName;
  const [linkTypes, issueTypes, projects, space, groups] = await Promise.all([
    jira.linkTypeNames('user'),
    jira.issueTypeNames('user'),
    keys.length ? jira.searchProjects('user', { keys }) : Promise.resolve([]),
    s.confluence.spaceKey ? confluence.getSpaceByKey('user', s.confluence.spaceKey) : Promise.resolve(undefined),
    group ? jira.groupsNamed('user', [group]) : Promise.resolve(undefined),
  ]);
  const lower = (xs: readonly string[]) => new Set(xs.map((x) => x.toLowerCase()));

  if (!lower(linkTypes).has(s.linkType.toLowerCase())) {
    out.linkType = `Jira has no issue link type "${s.linkType}". Pick one of ${quote(linkTypes)}.`;
  }
  const types = lower(issueTypes);
  s.incidentFilter.issueTypes.forEach((t, i) => {
    if (!types.has(t.toLowerCase()))
      out[`incidentFilter.issueTypes.${i}`] = `Jira has no issue type "${t}". Use one of ${quote(issueTypes)}.`;
  });
  const visible = new Set(projects.map((p) => p.key));
  const unknown = (key: string) => `Jira has no project ${key}, or you cannot see it. Pick a project from the list.`;
  s.incidentFilter.projectKeys.forEach((k, i) => {
    if (!visible.has(k)) out[`incidentFilter.projectKeys.${i}`] = unknown(k);
  });
  for (const k of Object.keys(s.escalationContacts)) {
    if (!visible.has(k)) out[`escalationContacts.${k}`] = unknown(k);
  }
  if (action.defaultProjectKey && !visible.has(action.defaultProjectKey))
    out['actionItems.defaultProjectKey'] = unknown(action.defaultProjectKey);

  // Action items: each project must take the issue type, with a due date (its create screen, as the caller).
  const checks = await Promise.all(
    action.projectKeys.map(async (k) => {
      if (!visible.has(k)) return { kind: 'project', message: unknown(k) };
      const meta = await jira.createMeta('user', k, action.issueType);
      if (meta.kind === 'no-project')
        return {
          kind: 'project',
          message: `You cannot create issues in project ${k}, so neither can the app for you. Ask a project admin for access, or remove it.`,
        };
      if (meta.kind === 'no-type')
        return { kind: 'type', message: `Project ${k} has no issue type "${action.issueType}" (it has ${quote(meta.issueTypes)}).` };
      const fit = screenFit(meta.fields, k, action.issueType);
      return fit.problem ? { kind: 'project', message: fit.problem } : undefined;
    }),
  );
  checks.forEach((problem, i) => {
    if (!problem) return;
    if (problem.kind === 'type') out['actionItems.issueType'] ??= problem.message;
    else out[`actionItems.projectKeys.${i}`] = problem.message;
  });
  if (action.projectKeys.length === 0 && !types.has(action.issueType.toLowerCase())) {
    out['actionItems.issueType'] = `Jira has no issue type "${action.issueType}". Use one of ${quote(issueTypes)}.`;
  }

  if (group && groups) {
    const problem = reviewerGroupProblem(group, groups);
    if (problem) out['reviewers.groupName'] = problem;
  }

  if (s.confluence.spaceKey && !space)
    out['confluence.spaceKey'] = `Confluence has no space ${s.confluence.spaceKey}, or you cannot see it.`;
  if (s.confluence.parentPageId) {
    const parent = await confluence.getPage('user', s.confluence.parentPageId);
    if (!parent) out['confluence.parentPageId'] = `Confluence has no page ${s.confluence.parentPageId}, or you cannot see it.`;
    else if (space && parent.spaceId !== undefined && parent.spaceId !== space.id)
      out['confluence.parentPageId'] =
        `Page ${s.confluence.parentPageId} is not in space ${s.confluence.spaceKey}. Pick a page in that space.`;
  }
  return out;
}
