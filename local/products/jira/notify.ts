/** POST /rest/api/3/issue/{issueIdOrKey}/notify: mail through Jira, kept in the outbox. */
import { z } from 'zod';
import type { OutboxEntry } from '../../site-api';
import { jiraError, noContent, parseJsonBody } from '../http';
import { userBrowsesProject, type Ctx } from '../context';
import { visibleIssue } from './access';

const Body = z
  .object({
    subject: z.string().optional(),
    textBody: z.string().optional(),
    htmlBody: z.string().optional(),
    to: z
      .object({
        assignee: z.boolean().optional(),
        reporter: z.boolean().optional(),
        watchers: z.boolean().optional(),
        voters: z.boolean().optional(),
        users: z.array(z.object({ accountId: z.string() }).passthrough()).optional(),
        groups: z.array(z.object({ name: z.string() }).passthrough()).optional(),
        groupIds: z.array(z.string()).max(0, 'The local site names groups by name only.').optional(),
      })
      .passthrough()
      .optional(),
    restrict: z.unknown().optional(),
  })
  .passthrough();

export function notify(ctx: Ctx) {
  const i = visibleIssue(ctx, ctx.params.issueIdOrKey ?? '');
  const r = Body.safeParse(parseJsonBody(ctx.body, 'jira') ?? {});
  if (!r.success) throw jiraError(400, ['Invalid request payload. Refer to the REST API documentation and try again.']);
  const b = r.data;
  const to = b.to ?? {};
  const ids: string[] = [];
  if (to.assignee && i.assignee) ids.push(i.assignee);
  if (to.reporter && i.reporter) ids.push(i.reporter);
  if (to.watchers) ids.push(...i.watchers);
  for (const u of to.users ?? []) {
    if (!ctx.db.user(u.accountId)) throw jiraError(400, [`User with account ID '${u.accountId}' does not exist.`]);
    ids.push(u.accountId);
  }
  // A group's members (docs/platform.md, Jira: who receives a notify mail); a group the site does
  // not have is refused, stricter than Atlassian's page says.
  for (const g of to.groups ?? []) {
    const members = ctx.db.users().filter((u) => (u.groups ?? []).includes(g.name));
    if (members.length === 0) throw jiraError(400, [`Group '${g.name}' does not exist.`]);
    ids.push(...members.map((u) => u.accountId));
  }
  // Jira mails only active users who may browse the issue; the others are dropped without an
  // error (docs/platform.md, Jira: who receives a notify mail).
  const project = ctx.db.project(i.projectId);
  const recipients: string[] = [];
  const dropped: NonNullable<OutboxEntry['dropped']> = [];
  for (const id of new Set(ids)) {
    if (!ctx.db.user(id)?.active) dropped.push({ accountId: id, reason: 'inactive' });
    else if (!project || !userBrowsesProject(ctx.db, id, project)) dropped.push({ accountId: id, reason: 'cannot-browse' });
    else recipients.push(id);
  }
  if (recipients.length === 0 && dropped.length === 0 && !b.to) throw jiraError(400, ['No recipients were defined for notification.']);
  if (recipients.length > 0 || dropped.length > 0) {
    ctx.db.addOutbox({
      issueKey: i.key,
      to: recipients,
      ...(dropped.length > 0 ? { dropped } : {}),
      subject: b.subject ?? `${i.key}: ${i.summary}`,
      textBody: b.textBody ?? '',
      htmlBody: b.htmlBody ?? '',
      at: ctx.clock.now().toISOString(),
    });
  }
  return noContent();
}
