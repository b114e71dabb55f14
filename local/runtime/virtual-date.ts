/**
 * The site's clock, as the app sees it. Inside an invocation, `Date.now()` and `new Date()` read
 * the site's clock (which PUT /__site/clock moves), so the app's "today", due-date arithmetic and
 * the sweep follow the site's time exactly as they would follow real time in Forge. Outside
 * invocations (the site's own code, tests) Date is untouched, and the site measures deadlines and
 * durations with `realNow()`.
 */
import { currentInvocation } from './invocation';

const ORIGINAL = Symbol.for('local-site.original-date');
type DateCtor = DateConstructor & { [ORIGINAL]?: DateConstructor };

const RealDate: DateConstructor = (globalThis.Date as DateCtor)[ORIGINAL] ?? globalThis.Date;
const realDateNow = RealDate.now.bind(RealDate);

/** Real wall-clock milliseconds, whatever the site's clock says. */
export function realNow(): number {
  return realDateNow();
}

function siteNow(): number {
  const clockNow = currentInvocation()?.clockNow;
  return clockNow ? clockNow() : realDateNow();
}

/** Installs the invocation-aware Date once per process. Idempotent. */
export function installVirtualDate(): void {
  if ((globalThis.Date as DateCtor)[ORIGINAL]) return;
  const VirtualDate = new Proxy(RealDate, {
    construct(target, args: unknown[], newTarget) {
      if (args.length === 0) return Reflect.construct(target, [siteNow()], newTarget);
      return Reflect.construct(target, args, newTarget);
    },
    apply() {
      // Date() called as a function returns the current time as a string
      return new RealDate(siteNow()).toString();
    },
    get(target, prop, receiver) {
      if (prop === 'now') return siteNow;
      if (prop === ORIGINAL) return RealDate;
      return Reflect.get(target, prop, receiver);
    },
  });
  globalThis.Date = VirtualDate;
}
