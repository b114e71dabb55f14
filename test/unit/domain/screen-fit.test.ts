/** Which create screens can take action items, and what the app leaves out (docs/platform.md, Jira REST). */
import { issueUpdateFor, screenFit, type ScreenField } from '../../../src/domain/action-items';

const f = (name: string, required = false, hasDefaultValue = false): ScreenField => ({ name, required, hasDefaultValue });
const FULL: Record<string, ScreenField> = {
  project: f('Project', true),
  issuetype: f('Issue Type', true),
  summary: f('Summary', true),
  description: f('Description'),
  assignee: f('Assignee'),
  reporter: f('Reporter', true, true),
  duedate: f('Due date'),
  labels: f('Labels'),
  priority: f('Priority', false, true),
};

test('a full screen fits and leaves nothing out', () => {
  expect(screenFit(FULL, 'PAY', 'Task')).toEqual({ omit: [] });
});

test('without Priority or Description: created, leaving them out of the request', () => {
  const { priority: _p, description: _d, ...screen } = FULL;
  const fit = screenFit(screen, 'PLAT', 'Task');
  expect(fit).toEqual({ omit: ['description', 'priority'] });
  const update = issueUpdateFor(
    {
      creationKey: 'ai-00000001',
      summary: 'x',
      description: 'why',
      kind: 'prevent',
      assigneeAccountId: 'a',
      dueDate: '2026-03-20',
      priority: 'High',
      projectKey: 'PLAT',
    },
    { incidentKey: 'INC-3', pageId: '65537', issueType: 'Task', omit: fit.omit },
  ) as { fields: Record<string, unknown> };
  expect(Object.keys(update.fields).sort()).toEqual(['assignee', 'duedate', 'issuetype', 'labels', 'project', 'summary']);
});

test('without Due date: refused, saying which field and what to do', () => {
  const { duedate: _d, ...screen } = FULL;
  expect(screenFit(screen, 'OPS', 'Task').problem).toBe(
    'Project OPS cannot take action items: its create screen for Task has no Due date field, which every action item needs. Ask a Jira admin to add it to the screen, or use another project.',
  );
});

test('a required field the app cannot fill (and without a default) is refused; one with a default is fine', () => {
  expect(screenFit({ ...FULL, customfield_10020: f('Team', true) }, 'OPS', 'Task').problem).toMatch(
    /requires Team, which the app cannot fill/,
  );
  expect(screenFit({ ...FULL, customfield_10020: f('Team', true, true) }, 'OPS', 'Task').problem).toBeUndefined();
});
