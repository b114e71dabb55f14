/**
 * One check of a page run on its own: a check that throws (a bug, or settings it cannot read)
 * answers its own error instead of taking every other part of the macro down with it.
 */

export type CheckOutcome<T> = { state: 'checked'; result: T } | { state: 'failed'; error: string; cause: unknown };

const DETAIL_MAX = 200;

function detail(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  const flat = text.replace(/\s+/gu, ' ').trim();
  return flat.length > DETAIL_MAX ? `${flat.slice(0, DETAIL_MAX - 1)}…` : flat;
}

/**
 * Runs `check`; on a throw answers `failed` with a message for a person (what failed, that the
 * rest still works, what to do) and the thrown value as `cause` for the log.
 */
export function runCheck<T>(what: string, check: () => T): CheckOutcome<T> {
  try {
    return { state: 'checked', result: check() };
  } catch (err) {
    return {
      state: 'failed',
      error: `The ${what} could not run on this page (${detail(err) || 'no detail'}). The rest of the macro still works. Reload the page to try again; if it keeps failing, ask a Jira admin to look at the postmortem settings (template and glossary).`,
      cause: err,
    };
  }
}
