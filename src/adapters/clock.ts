/**
 * The one place the app reads the time (docs/architecture.md, "Layers"): dates (today, due
 * states) through `now()`, elapsed time and deadlines (time budgets, Retry-After) through
 * `nowMs()`. ESLint refuses `Date.now()` and `new Date()` anywhere else in src/. In the local site
 * `Date` follows the site's clock inside an invocation, which replays weeks in a minute.
 */
export function now(): Date {
  return new Date();
}

/** Milliseconds since the epoch: for elapsed time and deadlines. */
export function nowMs(): number {
  return Date.now();
}
