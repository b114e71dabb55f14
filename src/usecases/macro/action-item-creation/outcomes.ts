/** What the steps of creating action items share: a draft's failure, batches, and a failure's reason in a sentence. */
import { ProductError } from '../../../adapters/http';
import type { DraftOutcome } from '../../../contracts/macro-actions';
import { productFailure } from '../../refusal';

export function failed(creationKey: string, message: string, fields?: Record<string, string>): DraftOutcome {
  return { creationKey, outcome: 'failed', message, ...(fields && Object.keys(fields).length ? { fields } : {}) };
}

/** Runs `fn` over `items`, `width` at a time. */
export async function inBatches<T>(items: T[], width: number, fn: (t: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += width) await Promise.all(items.slice(i, i + width).map(fn));
}

export function reason(err: unknown): string {
  if (err instanceof ProductError) return productFailure(err).message;
  return 'the app could not reach Jira';
}
