/** Step 1: each draft checked by the rules the form checks (a duplicate in one request refused), the valid ones made ready. */
import { ACTION_KINDS, draftProblems, policyDueDate, type DraftFields, type DuePolicy } from '../../../contracts/action-item-rules';
import type { ActionItemDraft, DraftOutcome } from '../../../contracts/macro-actions';
import type { ValidDraft } from '../../../domain/action-items';
import { failed } from './outcomes';

/** The valid drafts, in order; each refused one gets its outcome in `outcomes`. */
export function checkDrafts(
  drafts: readonly ActionItemDraft[],
  ctx: { now: string; projectKeys: string[]; policy: DuePolicy },
  outcomes: Map<string, DraftOutcome>,
): ValidDraft[] {
  const { now, projectKeys, policy } = ctx;
  const valid: ValidDraft[] = [];
  const seen = new Set<string>();
  for (const d of drafts) {
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
  return valid;
}
