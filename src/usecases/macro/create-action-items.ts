/**
 * The macro's action-item calls (manifest function `macro-resolver`): the live table, the
 * multi-draft form's bulk creation, edits of due date and assignee, and the assignee picker.
 * Everything runs as the caller, so Jira's permissions apply; the page (from the Forge context,
 * not the payload) must be linked to the incident the payload names.
 */
import * as clock from '../../adapters/clock';
import * as confluence from '../../adapters/confluence';
import * as claims from '../../adapters/creation-claims';
import * as jira from '../../adapters/jira';
import { ProductError } from '../../adapters/http';
import { ACTION_KINDS, BULK_BATCH, draftProblems, policyDueDate, type DraftFields } from '../../contracts/action-item-rules';
import { type ActionItemDraft, type DraftOutcome } from '../../contracts/macro-actions';
import { ACTION_ITEM_PROPERTY_KEY, ActionItemProperty } from '../../contracts/properties';
import {
  allowedProjects,
  createdItemsJql,
  explainCreateFailure,
  issueUpdateFor,
  screenFit,
  type ValidDraft,
} from '../../domain/action-items';
import { productFailure } from '../refusal';
import type { Input, Output } from '../types';
import type { PageCaller } from '../caller';
import { postmortemLinkTitle } from '../steps/postmortem-link';
import { linkedPage, today } from './linked-page';

function failed(creationKey: string, message: string, fields?: Record<string, string>): DraftOutcome {
  return { creationKey, outcome: 'failed', message, ...(fields && Object.keys(fields).length ? { fields } : {}) };
}

/** Runs `fn` over `items`, `width` at a time. */
async function inBatches<T>(items: T[], width: number, fn: (t: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += width) await Promise.all(items.slice(i, i + width).map(fn));
}

function reason(err: unknown): string {
  if (err instanceof ProductError) return productFailure(err).message;
  return 'the app could not reach Jira';
}

export async function createActionItems(
  payload: Input<'macro-resolver', 'createActionItems'>,
  at: PageCaller,
): Promise<Output<'macro-resolver', 'createActionItems'>> {
  const { accountId } = at;
  const { incidentKey } = payload;
  const pageId = await linkedPage(at, incidentKey);
  const { today: now, settings } = await today();
  const { projectKeys } = allowedProjects(settings.actionItems, incidentKey);

  const outcomes = new Map<string, DraftOutcome>();
  const valid: ValidDraft[] = [];
  const seen = new Set<string>();
  for (const d of payload.drafts) {
    if (seen.has(d.creationKey)) {
      outcomes.set(
        `${d.creationKey}#dup${outcomes.size}`,
        failed(d.creationKey, 'This draft was sent twice in one request; it is created only once.'),
      );
      continue;
    }
    seen.add(d.creationKey);
    const fields: DraftFields = {
      summary: d.summary,
      description: d.description ?? '',
      kind: d.kind,
      assigneeAccountId: d.assigneeAccountId,
      dueDate: d.dueDate,
      priority: d.priority,
      projectKey: d.projectKey,
      dueDateReason: d.dueDateReason ?? '',
    };
    const policy = settings.dueDatePolicy;
    const problems = draftProblems(fields, { today: now, projectKeys, policy });
    if (Object.keys(problems).length > 0) {
      outcomes.set(
        d.creationKey,
        failed(d.creationKey, `Not created: ${Object.values(problems).join(' ')}`, problems as Record<string, string>),
      );
      continue;
    }
    const policyDate = policyDueDate(fields.priority, now, policy);
    const dueDate = fields.dueDate.trim();
    const { dueDateReason, ...rest } = fields;
    valid.push({
      ...rest,
      creationKey: d.creationKey,
      kind: fields.kind as (typeof ACTION_KINDS)[number],
      summary: fields.summary.trim(),
      dueDate,
      ...(dueDate > policyDate ? { lateDueDate: { policyDate, reason: (dueDateReason ?? '').trim() } } : {}),
    });
  }

  const finish = () => ({ outcomes: payload.drafts.map((d: ActionItemDraft, i) => outcomeFor(d, i)) });
  const outcomeFor = (d: ActionItemDraft, i: number): DraftOutcome => {
    const first = payload.drafts.findIndex((x) => x.creationKey === d.creationKey);
    if (first !== i) return failed(d.creationKey, 'This draft was sent twice in one request; it is created only once.');
    return (
      outcomes.get(d.creationKey) ??
      failed(d.creationKey, 'Not created: the app stopped before reaching this item. Try again; it will not be created twice.')
    );
  };
  if (valid.length === 0) return finish();

  const incident = await jira.getIssue('user', incidentKey, ['summary']);
  if (!incident) {
    for (const d of valid)
      outcomes.set(
        d.creationKey,
        failed(
          d.creationKey,
          `Not created: incident ${incidentKey} does not exist or you cannot see it in Jira. Ask for access to its project.`,
        ),
      );
    return finish();
  }

  // What each project's create screen accepts, as the caller: send only that (docs/platform.md, Jira REST).
  const issueType = settings.actionItems.issueType;
  const screens = new Map<string, { problem?: string; omit: string[] }>();
  for (const projectKey of new Set(valid.map((d) => d.projectKey))) {
    let meta: jira.CreateMeta;
    try {
      meta = await jira.createMeta('user', projectKey, issueType);
    } catch (err) {
      screens.set(projectKey, { problem: `Jira did not say what project ${projectKey} accepts (${reason(err)}). Try again.`, omit: [] });
      continue;
    }
    if (meta.kind === 'no-project')
      screens.set(projectKey, {
        problem: `You cannot create issues in project ${projectKey} (Jira answered ${meta.status}). Ask a project admin for access, or pick another project.`,
        omit: [],
      });
    else if (meta.kind === 'no-type')
      screens.set(projectKey, {
        problem: `Project ${projectKey} has no issue type "${issueType}" (it has ${meta.issueTypes.join(', ') || 'none you may create'}). Ask a Jira admin to fix the Postmortem settings, or pick another project.`,
        omit: [],
      });
    else screens.set(projectKey, screenFit(meta.fields, projectKey, issueType));
  }
  for (const d of [...valid]) {
    const problem = screens.get(d.projectKey)?.problem;
    if (!problem) continue;
    outcomes.set(
      d.creationKey,
      failed(d.creationKey, `Not created: ${problem} Fix it and create it again; nothing else was changed.`, { projectKey: problem }),
    );
    valid.splice(valid.indexOf(d), 1);
  }
  if (valid.length === 0) return finish();
  const omitted = (d: ValidDraft) => screens.get(d.projectKey)?.omit ?? [];

  // Items an earlier request already created (a retry, a double click): found by their creation key.
  const earlier = await jira.searchAll('user', createdItemsJql(incidentKey), ['summary'], {
    properties: [ACTION_ITEM_PROPERTY_KEY],
    limit: 2000,
  });
  const byCreationKey = new Map<string, string>();
  const idOf = new Map<string, string>();
  for (const issue of earlier.issues) {
    const prop = ActionItemProperty.safeParse(issue.properties?.[ACTION_ITEM_PROPERTY_KEY]);
    if (prop.success) byCreationKey.set(prop.data.creationKey, issue.key);
    idOf.set(issue.key, issue.id);
  }

  const existing: Array<{ draft: ValidDraft; issueKey: string }> = [];
  const toCreate: ValidDraft[] = [];
  await inBatches(valid, 10, async (d) => {
    const known = byCreationKey.get(d.creationKey);
    if (known) {
      existing.push({ draft: d, issueKey: known });
      return;
    }
    const claimedAt = clock.now().getTime();
    if (await claims.claim(d.creationKey, { accountId, incidentKey, claimedAt })) {
      toCreate.push(d);
      return;
    }
    const held = await claims.readClaim(d.creationKey);
    if (held?.issueKey) existing.push({ draft: d, issueKey: held.issueKey });
    else if (!held || claimedAt - held.claimedAt > claims.STALE_AFTER_MS) {
      // The request holding it died before Jira answered, and Jira has no item with this key.
      await claims.takeOver(d.creationKey, { accountId, incidentKey, claimedAt });
      toCreate.push(d);
    } else
      outcomes.set(
        d.creationKey,
        failed(
          d.creationKey,
          'Not created yet: another request is creating this item right now. Reload in a moment; it will not be created twice.',
        ),
      );
  });
  // Keep the person's order within each batch.
  toCreate.sort((a, b) => valid.indexOf(a) - valid.indexOf(b));

  const created: Array<{ draft: ValidDraft; issueKey: string }> = [];
  for (let i = 0; i < toCreate.length; i += BULK_BATCH) {
    const batch = toCreate.slice(i, i + BULK_BATCH);
    let answer: jira.BulkCreateAnswer;
    try {
      answer = await jira.bulkCreateIssues(
        'user',
        batch.map((d) => issueUpdateFor(d, { incidentKey, pageId, issueType, omit: omitted(d) })),
      );
    } catch (err) {
      // Jira answered (an error status): give the keys back; a retry searches Jira first anyway.
      // Without an answer (the call itself failed) the claims stay until they go stale.
      const answered = err instanceof ProductError;
      for (const d of batch) {
        if (answered) await claims.release(d.creationKey);
        outcomes.set(
          d.creationKey,
          failed(
            d.creationKey,
            answered
              ? `Not created: ${reason(err)} Try again: the app checks Jira first, so nothing is created twice.`
              : 'Jira did not answer, so this item may or may not exist. Reload in a minute and try again: the app checks Jira first and never creates it twice.',
          ),
        );
      }
      continue;
    }
    const failedAt = new Map(answer.errors.map((e) => [e.failedElementNumber, e]));
    let next = 0;
    for (const [n, d] of batch.entries()) {
      const error = failedAt.get(n);
      if (error) {
        await claims.release(d.creationKey);
        const { message, fields } = explainCreateFailure(error.elementErrors, d.projectKey);
        outcomes.set(d.creationKey, failed(d.creationKey, message, fields));
        continue;
      }
      const issue = answer.issues[next++];
      if (!issue) {
        outcomes.set(
          d.creationKey,
          failed(d.creationKey, 'Jira did not say whether this item was created. Reload: if it is not in the table, try again.'),
        );
        continue;
      }
      created.push({ draft: d, issueKey: issue.key });
      idOf.set(issue.key, issue.id);
    }
    await inBatches(
      created.slice(-batch.length).filter((c) => batch.includes(c.draft)),
      10,
      (c) => claims.settle(c.draft.creationKey, { accountId, incidentKey, claimedAt: clock.now().getTime(), issueKey: c.issueKey }),
    );
  }

  // Links: to the incident (settings.linkType) and back to the page. Both are idempotent in Jira,
  // so items found from an earlier request get them again (repairing a link that failed then).
  const linkTo = [...created, ...existing];
  if (linkTo.length > 0) {
    let pageUrl: string | undefined;
    try {
      const page = await confluence.getPage('user', pageId);
      if (page) {
        const base = page._links?.base ?? '';
        pageUrl = page._links?.webui ? `${base}${page._links.webui}` : undefined;
      }
    } catch {
      /* the remote link is then reported as a warning below */
    }
    await inBatches(linkTo, 5, async ({ draft, issueKey }) => {
      const warnings: string[] = [];
      const isNew = created.some((c) => c.issueKey === issueKey);
      if (isNew && omitted(draft).includes('priority'))
        warnings.push(`${issueKey} has no priority: project ${draft.projectKey}’s create screen has no Priority field.`);
      try {
        await jira.createIssueLink('user', settings.linkType, issueKey, incidentKey);
      } catch (err) {
        warnings.push(
          `${issueKey} is not linked to ${incidentKey} (${reason(err)}). It still shows here; link it in Jira, or create it again to retry the link.`,
        );
      }
      if (pageUrl) {
        try {
          await jira.upsertRemoteLink('user', issueKey, {
            globalId: `postmortem-page:${pageId}`,
            relationship: 'postmortem',
            object: { url: pageUrl, title: postmortemLinkTitle(incidentKey) },
          });
        } catch (err) {
          warnings.push(`${issueKey} has no link to this page (${reason(err)}).`);
        }
      } else {
        warnings.push(`${issueKey} has no link to this page: Confluence did not give the page’s address.`);
      }
      const issueId = idOf.get(issueKey);
      outcomes.set(draft.creationKey, {
        creationKey: draft.creationKey,
        outcome: isNew ? 'created' : 'existing',
        issueKey,
        ...(issueId ? { issueId } : {}),
        ...(warnings.length ? { warnings } : {}),
      });
    });
  }
  return finish();
}
