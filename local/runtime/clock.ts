/**
 * The site's clock (docs/architecture.md, "The local site"): JQL `now()`, due-date arithmetic and the sweep's today.
 * Setting it moves "now" to the given instant; from there it keeps running with real time, so
 * timestamps stay ordered. The offset is kept in the store, so a restart keeps the site's time.
 */
import type { Clock, Store } from '../site-api';
import { realNow as wallClock } from './virtual-date';

const COLLECTION = 'site';
const ID = 'clock';

interface ClockState {
  offsetMs: number;
}

function isClockState(v: unknown): v is ClockState {
  return typeof v === 'object' && v !== null && 'offsetMs' in v && typeof v.offsetMs === 'number' && Number.isFinite(v.offsetMs);
}

export interface SiteClock extends Clock {
  /** Re-reads the offset from the store (after a reset cleared it). */
  reload(): void;
}

export function createClock(store: Store, realNow: () => number = wallClock): SiteClock {
  let offsetMs = 0;
  const reload = (): void => {
    const saved = store.get(COLLECTION, ID);
    offsetMs = isClockState(saved) ? saved.offsetMs : 0;
  };
  reload();
  return {
    now: () => new Date(realNow() + offsetMs),
    set(now: Date) {
      const t = now.getTime();
      if (!Number.isFinite(t)) throw new Error('The clock needs a valid instant.');
      offsetMs = t - realNow();
      store.put(COLLECTION, ID, { offsetMs } satisfies ClockState);
    },
    reload,
  };
}
