/** The one place the app reads the time (the local site moves this clock to replay weeks in a minute). */
export function now(): Date {
  return new Date();
}
