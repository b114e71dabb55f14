/**
 * Changes made as a list of steps, each with its undo. When a step fails (after the adapters' own
 * retries), the steps already done are undone in reverse, each retried, so nothing is left half
 * done; the caller gets one clear message (src/usecases/steps/postmortem-link.ts links a page and
 * its incident this way).
 */
import { ProductError } from '../../adapters/http';
import { productFailure, Refusal } from '../refusal';

export interface Step {
  /** What the step does, for a person ("record the link on the page"). */
  what: string;
  run(): Promise<void>;
  undo?(): Promise<void>;
}

const UNDO_ATTEMPTS = 3;

/** Runs the steps in order; when one fails, undoes the ones done (newest first, each retried) and throws a Refusal saying what happened. */
export async function runSteps(steps: readonly Step[]): Promise<void> {
  const done: Step[] = [];
  for (const step of steps) {
    try {
      await step.run();
      done.push(step);
    } catch (err) {
      const stuck: string[] = [];
      for (const d of done.reverse()) {
        if (!d.undo) continue;
        let undone = false;
        for (let attempt = 0; attempt < UNDO_ATTEMPTS && !undone; attempt += 1) {
          try {
            await d.undo();
            undone = true;
          } catch {
            /* retried below */
          }
        }
        if (!undone) stuck.push(d.what);
      }
      const reason =
        err instanceof Refusal
          ? err.message
          : err instanceof ProductError
            ? productFailure(err).message
            : 'Something went wrong in the Postmortem app.';
      if (stuck.length === 0) {
        if (err instanceof Refusal && done.length === 0) throw err;
        throw new Refusal(
          err instanceof Refusal ? err.code : 'product-error',
          `Could not ${step.what}, so nothing was changed (what was already done has been undone). ${reason}`,
          err instanceof Refusal ? err.fields : undefined,
          err instanceof Refusal ? err.details : undefined,
        );
      }
      throw new Refusal(
        'product-error',
        `Could not ${step.what}, and undoing the rest did not finish (${stuck.join('; ')}). ${reason} Open the Postmortem macro and link the page again: that repairs both sides.`,
      );
    }
  }
}
