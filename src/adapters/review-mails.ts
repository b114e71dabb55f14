/**
 * Review-mail marks in app storage (through the storage gateway): each review transition's mail
 * goes out once. The use case claims the transition's key (src/domain/postmortem/review-mails.ts,
 * `reviewMailKey`) with FAIL_IF_EXISTS before it asks Jira to send, and gives the key back when
 * Jira refused the mail, so a repeated call never mails twice and a refused mail may be sent again.
 */
import { z } from 'zod';
import * as storage from './storage';

/** Long past any retry of the call that made the transition. */
const MARK_TTL = { ttlDays: 30 } as const;

const Mark = z.object({ accountId: z.string(), at: z.string() });
export type ReviewMailMark = z.infer<typeof Mark>;

/** Claims the transition's mail; false when it was already claimed (sent, or being sent). */
export async function claimReviewMail(key: string, mark: ReviewMailMark): Promise<boolean> {
  return storage.setIfAbsent(key, Mark.parse(mark), MARK_TTL);
}

/** Gives the claim back: Jira did not take the mail. */
export async function releaseReviewMail(key: string): Promise<void> {
  await storage.remove(key);
}
