import { runInInvocation, type Invocation } from '../../../local/runtime/invocation';
import { installVirtualDate, realNow } from '../../../local/runtime/virtual-date';

const SITE_NOW = Date.UTC(2026, 2, 1, 9, 0, 0);

function invocation(clockNow?: () => number): Invocation {
  return {
    id: 'test',
    accountId: undefined,
    functionKey: 'sweep-trigger',
    moduleKey: 'postmortem-sweep',
    deadline: realNow() + 60_000,
    timedOut: false,
    site: { forgeFetch: async () => new Response('') },
    cloudId: 'c',
    appId: 'a',
    environmentId: 'e',
    installationId: 'i',
    scopes: [],
    clockNow,
  };
}

describe('the site clock as the app sees it', () => {
  beforeAll(() => installVirtualDate());

  it('inside an invocation, Date follows the site clock', async () => {
    const seen = await runInInvocation(
      invocation(() => SITE_NOW),
      async () => {
        await new Promise((r) => setTimeout(r, 1));
        return { now: Date.now(), date: new Date().toISOString(), str: Date(), explicit: new Date(0).getTime() };
      },
    );
    expect(seen.now).toBe(SITE_NOW);
    expect(seen.date).toBe('2026-03-01T09:00:00.000Z');
    expect(seen.str).toContain('2026');
    expect(seen.explicit).toBe(0);
  });

  it('outside an invocation, Date is real time, and dates stay instances of Date', () => {
    const before = realNow();
    const now = Date.now();
    expect(Math.abs(now - before)).toBeLessThan(5_000);
    expect(new Date() instanceof Date).toBe(true);
    expect(Date.UTC(2026, 0, 1)).toBe(1767225600000);
  });
});
