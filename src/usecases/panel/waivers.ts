/**
 * "Won't do" on an action item's panel (manifest function `panel-resolver`): ask to close the item
 * without doing it (with a reason), and its manager's decision. The item comes from the Forge
 * context and the caller from the invocation, never from the payload; each is checked as the
 * caller before the app writes with its own rights: asking needs Jira's edit permission on the
 * item, deciding needs being one of its project's managers (configured escalation managers, else
 * the project lead, as the sweep escalates) and seeing the item. An approval is recorded in app
 * storage (the panel's proof) and mirrored, sealed, in the issue property `postmortem-waiver` (the
 * sweep's and the report's proof, docs/decisions/0015-waiver-approvals-sealed.md); the item is
 * then resolved as Won't Do as the approver, when Jira offers them that transition. A sealed mirror
 * that someone overwrote is written back from the record when the panel is next opened.
 */
import * as clock from '../../adapters/clock';
import * as jira from '../../adapters/jira';
import { readSettings } from '../../adapters/settings';
import { readSealCheck, readWaiverRecord, sealOf, writeWaiverRecord } from '../../adapters/waivers';
import type { PersonRef } from '../../contracts/common';
import { ACTION_ITEM_LABEL, WAIVER_PROPERTY_KEY, WONT_DO_RESOLUTION } from '../../contracts/properties';
import type { Settings } from '../../contracts/settings';
import type { WaiverRecord } from '../../adapters/waivers';
import type { WaiverView } from '../../contracts/waivers';
import { managersOf } from '../../domain/sweep/contacts';
import { decideWaiver as decide, provenApproval, readWaiver, requestWaiver as ask, sealedText, waiverState } from '../../domain/waivers';
import { Refusal } from '../refusal';
import type { Input, Output } from '../types';
import type { IssueCaller } from '../caller';

const FIELDS = ['summary', 'status', 'labels', 'project', 'resolution'];

async function requireItem(at: IssueCaller): Promise<jira.Issue> {
  const key = at.issueKey;
  const issue = await jira.getIssue('user', key, FIELDS, [WAIVER_PROPERTY_KEY]);
  if (!issue) throw new Refusal('not-found', `Issue ${key} does not exist or you do not have permission to see it.`);
  if (!(issue.fields.labels ?? []).includes(ACTION_ITEM_LABEL))
    throw new Refusal('invalid-input', `${issue.key} is not a postmortem action item, so there is nothing to waive.`);
  return issue;
}

async function managersOfItem(issue: jira.Issue, settings: Settings): Promise<string[]> {
  const projectKey = issue.fields.project?.key ?? issue.key.replace(/-\d+$/, '');
  const configured = managersOf(settings, {}, projectKey);
  if (configured.length > 0) return configured;
  const leads = await jira.sweepProjectLeads({ calls: 0 }, [projectKey]);
  return managersOf(settings, leads, projectKey);
}

async function people(ids: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const wanted = [...new Set(ids)];
  if (wanted.length === 0) return out;
  try {
    for (const u of await jira.bulkUsers('user', wanted)) out.set(u.accountId, u.displayName);
  } catch (err) {
    if (!(err instanceof jira.ProductError)) throw err;
  }
  return out;
}

/**
 * An approved waiver's sealed mirror, written back (as the app, from its own record) when the
 * issue property no longer carries it: otherwise the sweep would chase an approved item again.
 */
async function restoreMirror(issue: jira.Issue, record: WaiverRecord | undefined): Promise<jira.Issue> {
  if (!record?.mirror) return issue;
  const check = await readSealCheck();
  if (provenApproval(issue.id, issue.properties?.[WAIVER_PROPERTY_KEY], check)) return issue;
  if (!provenApproval(issue.id, record.mirror, check)) return issue;
  await jira.setIssueProperty('app', issue.key, WAIVER_PROPERTY_KEY, record.mirror);
  return { ...issue, properties: { ...issue.properties, [WAIVER_PROPERTY_KEY]: record.mirror } };
}

async function viewOf(
  given: jira.Issue,
  settings: Settings,
  accountId: string,
  known?: { record: WaiverRecord | undefined },
): Promise<WaiverView> {
  const record = known ? known.record : await readWaiverRecord(given.id);
  const issue = known ? given : await restoreMirror(given, record);
  const mirror = readWaiver(issue.properties?.[WAIVER_PROPERTY_KEY]);
  const category = issue.fields.status?.statusCategory.key ?? 'new';
  const resolution = issue.fields.resolution?.name ?? null;
  const state = waiverState(category, resolution, mirror, record);
  const managers = await managersOfItem(issue, settings);
  const names = await people([...managers, ...(mirror ? [mirror.requestedBy] : []), ...(mirror?.decidedBy ? [mirror.decidedBy] : [])]);
  const ref = (id: string): PersonRef => ({ accountId: id, displayName: names.get(id) ?? id });
  const doneOtherwise = category === 'done' && resolution !== WONT_DO_RESOLUTION;
  return {
    issueKey: issue.key,
    actionItem: true,
    state,
    request: mirror ?? null,
    requestedBy: mirror ? ref(mirror.requestedBy) : null,
    decidedBy: mirror?.decidedBy ? ref(mirror.decidedBy) : record ? ref(record.approvedBy) : null,
    managers: managers.map(ref),
    canRequest: !doneOtherwise && state !== 'approved' && state !== 'requested' && (await jira.canEditIssue(issue.id)),
    canDecide: state === 'requested' && managers.includes(accountId),
  };
}

export async function getWaiver(
  _payload: Input<'panel-resolver', 'getWaiver'>,
  at: IssueCaller,
): Promise<Output<'panel-resolver', 'getWaiver'>> {
  const { accountId } = at;
  const { settings } = await readSettings();
  const issue = await jira.getIssue('user', at.issueKey, FIELDS, [WAIVER_PROPERTY_KEY]);
  if (!issue) throw new Refusal('not-found', `Issue ${at.issueKey} does not exist or you do not have permission to see it.`);
  if (!(issue.fields.labels ?? []).includes(ACTION_ITEM_LABEL)) {
    return {
      issueKey: issue.key,
      actionItem: false,
      state: 'none' as const,
      request: null,
      requestedBy: null,
      decidedBy: null,
      managers: [],
      canRequest: false,
      canDecide: false,
    };
  }
  return viewOf(issue, settings, accountId);
}

export async function requestWaiver(
  payload: Input<'panel-resolver', 'requestWaiver'>,
  at: IssueCaller,
): Promise<Output<'panel-resolver', 'requestWaiver'>> {
  const { accountId } = at;
  const { settings } = await readSettings();
  const issue = await requireItem(at);
  if (!(await jira.canEditIssue(issue.id)))
    throw new Refusal('forbidden', `You do not have permission to edit ${issue.key}, so you cannot ask to close it without doing it.`);
  const category = issue.fields.status?.statusCategory.key ?? 'new';
  const resolution = issue.fields.resolution?.name ?? null;
  const outcome = ask({
    current: issue.properties?.[WAIVER_PROPERTY_KEY],
    reason: payload.reason,
    actorAccountId: accountId,
    now: clock.now(),
    doneOtherwise: category === 'done' && resolution !== WONT_DO_RESOLUTION,
    approvedOnRecord: (await readWaiverRecord(issue.id)) !== undefined,
  });
  if (!outcome.ok)
    throw new Refusal(outcome.code, outcome.message, outcome.code === 'invalid-input' ? { reason: outcome.message } : undefined);
  await jira.setIssueProperty('app', issue.key, WAIVER_PROPERTY_KEY, outcome.next);
  return viewOf({ ...issue, properties: { ...issue.properties, [WAIVER_PROPERTY_KEY]: outcome.next } }, settings, accountId);
}

export async function decideWaiver(
  payload: Input<'panel-resolver', 'decideWaiver'>,
  at: IssueCaller,
): Promise<Output<'panel-resolver', 'decideWaiver'>> {
  const { accountId } = at;
  const { settings } = await readSettings();
  const issue = await requireItem(at);
  const projectKey = issue.fields.project?.key ?? issue.key.replace(/-\d+$/, '');
  const outcome = decide({
    current: issue.properties?.[WAIVER_PROPERTY_KEY],
    decision: payload.decision,
    note: payload.note,
    actorAccountId: accountId,
    managers: await managersOfItem(issue, settings),
    projectKey,
    now: clock.now(),
  });
  if (!outcome.ok) throw new Refusal(outcome.code, outcome.message);
  const text = sealedText(issue.id, outcome.next);
  const next = text === undefined ? outcome.next : { ...outcome.next, seal: await sealOf(text) };
  const record: WaiverRecord | undefined =
    next.status === 'approved' ? { approvedBy: accountId, approvedAt: next.approvedAt!, mirror: next } : undefined;
  if (record) await writeWaiverRecord(issue.id, record);
  await jira.setIssueProperty('app', issue.key, WAIVER_PROPERTY_KEY, next);
  let updated = issue;
  if (next.status === 'approved' && issue.fields.status?.statusCategory.key !== 'done') {
    // Resolved as the approver: Jira's own workflow and permissions apply. When it cannot be, the
    // approval stands (the item counts as done) and the panel says to close it in Jira.
    await jira.resolveAs('user', issue.key, WONT_DO_RESOLUTION);
    updated = (await jira.getIssue('user', issue.key, FIELDS, [WAIVER_PROPERTY_KEY])) ?? issue;
  }
  return viewOf(
    { ...updated, properties: { ...updated.properties, [WAIVER_PROPERTY_KEY]: next } },
    settings,
    accountId,
    record ? { record } : undefined,
  );
}
