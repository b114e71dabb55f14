/**
 * The scheduled sweep starts the day's run at the settings' send hour (default 09:00 in the site's
 * time zone, UTC in the demo seed; src/domain/sweep/send-hour.ts), once a day. A test that runs the
 * trigger first puts the site's clock at 10:00 UTC of the site's current day, so what it sees does
 * not depend on the hour the test runs at (the demo's dates count from the same day).
 */
import type { Clock } from '../../local/site-api';
import { siteRequest } from './site-http';

/** 10:00 UTC of the day of `now`. */
export function pastSendHour(now: Date): Date {
  return new Date(`${now.toISOString().slice(0, 10)}T10:00:00.000Z`);
}

/** Through the control API: moves the site's clock to 10:00 UTC of its day; answers the new now. */
export async function clockPastSendHour(url: string): Promise<string> {
  const now = (await siteRequest(url, 'GET', '/__site/clock')).json as { now: string };
  const at = pastSendHour(new Date(now.now)).toISOString();
  const r = await siteRequest(url, 'PUT', '/__site/clock', { now: at });
  if (r.status !== 200) throw new Error(`clock: ${r.status} ${JSON.stringify(r.json)}`);
  return at;
}

/** In process: the same on a running site's clock. */
export function setClockPastSendHour(clock: Clock): void {
  clock.set(pastSendHour(clock.now()));
}
