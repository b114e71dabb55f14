/**
 * The control API (README, "The local Atlassian site"), used by tests, benchmarks and the host pages:
 *
 *   POST /__site/reset              {"seed":"demo"|"empty","app":"configured"|"unconfigured"}: the seed, and
 *                                   whether the app gets the seed's settings (default) or starts as newly installed
 *   GET  /__site/clock              → {"now"}
 *   PUT  /__site/clock              {"now":"2026-03-01T09:00:00Z"}
 *   POST /__site/scheduled/{key}    runs a scheduled trigger (no user) and the queue work it started
 *   POST /__site/invoke/{function}  {"accountId","context","payload","resolver"} invokes a function
 *   GET  /__site/outbox             the notifications Jira sent
 *   GET  /__site/requests[?since=n] the product, storage and queue calls the app made
 *   PUT  /__site/faults             {"rules":[...]}; GET answers the rules and how often each applied
 *   PUT  /__site/latency            {"productMs","storageMs","queueMs"}: latency accounted per call; GET answers it
 *   GET  /__site/csp-reports        what the Custom UI content security policy refused (DELETE clears)
 *   PUT  /__site/search-lag         {"ms"}: Jira's search lags writes by ms (real time) unless reconciled; GET answers it
 *   GET  /__site/users, /__site/invocations, /__site/health
 *   PUT  /__site/users/{accountId}  {"active":false|true} deactivates or reactivates a user
 *
 * Every body is parsed with zod; a malformed request answers 400 with what is wrong.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { FaultRulesBody, InvocationFailure, LatencyProfile, type ExtensionTarget } from '../runtime';
import { HttpError, readJson, sendJson } from './http-util';
import type { Site } from './site';

const ResetBody = z.object({ seed: z.enum(['demo', 'empty']), app: z.enum(['configured', 'unconfigured']).optional() }).strict();
const ClockBody = z
  .object({
    now: z
      .string()
      .refine(
        (s) => /^\d{4}-\d{2}-\d{2}T/.test(s) && Number.isFinite(Date.parse(s)),
        'now must be an ISO 8601 date and time, e.g. 2026-03-01T09:00:00Z',
      ),
  })
  .strict();
const UserBody = z.object({ active: z.boolean() }).strict();
const JsonObject = z.record(z.string(), z.unknown());
const SearchLagBody = z.object({ ms: z.number().int('ms must be a whole number of milliseconds').min(0).max(600_000) }).strict();
const InvokeBody = z
  .object({
    accountId: z.string().min(1).max(128).optional(),
    /** Fields merged into (and overriding) the context the site builds. */
    context: JsonObject.optional(),
    payload: z.unknown().optional(),
    /** The resolver definition to call (`invoke(name, payload)`); required for a UI module's resolver function. */
    resolver: z.string().min(1).max(200).optional(),
    /** Which UI module makes the call (defaults to the first module using the function). */
    moduleKey: z.string().min(1).optional(),
    localId: z.string().min(1).optional(),
  })
  .strict();

function failureStatus(e: InvocationFailure): number {
  switch (e.code) {
    case 'BAD_REQUEST':
      return 400;
    case 'FUNCTION_NOT_FOUND':
      return 404;
    case 'FUNCTION_TIME_OUT':
      return 504;
    case 'FUNCTION_OUT_OF_MEMORY':
      return 500;
    case 'FUNCTION_ERR':
      return 500;
  }
}

/** Turns a hand-written `context.extension` into a typed target where it has the usual shape. */
function targetFromContext(context: Record<string, unknown> | undefined): ExtensionTarget | undefined {
  const ext = context?.extension;
  const Macro = z.object({
    type: z.literal('macro'),
    content: z.object({ id: z.string() }),
    space: z.object({ key: z.string(), id: z.string() }),
    config: JsonObject.optional(),
  });
  const Panel = z.object({
    type: z.literal('jira:issuePanel'),
    issue: z.object({ key: z.string(), id: z.string(), type: z.string() }),
    project: z.object({ key: z.string(), id: z.string() }),
  });
  const m = Macro.safeParse(ext);
  if (m.success)
    return { type: 'macro', content: m.data.content, space: m.data.space, ...(m.data.config ? { config: m.data.config } : {}) };
  const p = Panel.safeParse(ext);
  if (p.success) return { type: 'jira:issuePanel', issue: p.data.issue, project: p.data.project };
  return undefined;
}

export async function handleControl(site: Site, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const method = req.method ?? 'GET';
  const path = url.pathname;
  const { runtime, products, clock } = site;

  if (path === '/__site/health' && method === 'GET') return sendJson(res, 200, { ok: true });

  if (path === '/__site/reset') {
    if (method !== 'POST') throw new HttpError(405, 'Use POST /__site/reset {"seed":"demo"|"empty"}.');
    const body = await readJson(req, ResetBody);
    await runtime.reset(body.seed, { configureApp: body.app !== 'unconfigured' });
    delete site.lastScheduledRun;
    return sendJson(res, 200, { ok: true, seed: body.seed, now: clock.now().toISOString() });
  }

  if (path === '/__site/clock') {
    if (method === 'GET') return sendJson(res, 200, { now: clock.now().toISOString() });
    if (method === 'PUT') {
      const body = await readJson(req, ClockBody);
      clock.set(new Date(body.now));
      return sendJson(res, 200, { now: clock.now().toISOString() });
    }
    throw new HttpError(405, 'Use GET or PUT /__site/clock.');
  }

  const scheduled = /^\/__site\/scheduled\/([^/]+)$/.exec(path);
  if (scheduled) {
    if (method !== 'POST') throw new HttpError(405, 'Use POST /__site/scheduled/{moduleKey}.');
    const moduleKey = decodeURIComponent(scheduled[1] ?? '');
    if (!site.manifest.scheduledTriggers.some((t) => t.key === moduleKey)) {
      throw new HttpError(
        404,
        `manifest.yml has no scheduledTrigger "${moduleKey}". Known: ${site.manifest.scheduledTriggers.map((t) => t.key).join(', ') || 'none'}.`,
      );
    }
    const at = site.clock.now().toISOString();
    const mailsBefore = products.outbox().length;
    const run = await runtime.runScheduledTrigger(moduleKey);
    site.lastScheduledRun = {
      moduleKey,
      at,
      ok: run.ok,
      ...(run.error !== undefined ? { error: run.error } : {}),
      result: run.result,
      deliveries: { total: run.deliveries.length, failed: run.deliveries.filter((d) => d.outcome === 'failed').length },
      mails: products.outbox().slice(mailsBefore),
    };
    return sendJson(res, run.ok ? 200 : 500, run);
  }

  const invoke = /^\/__site\/invoke\/([^/]+)$/.exec(path);
  if (invoke) {
    if (method !== 'POST') throw new HttpError(405, 'Use POST /__site/invoke/{functionKey}.');
    const functionKey = decodeURIComponent(invoke[1] ?? '');
    if (!site.manifest.functions.has(functionKey)) {
      throw new HttpError(
        404,
        `manifest.yml declares no function "${functionKey}". Known: ${[...site.manifest.functions.keys()].join(', ')}.`,
      );
    }
    const body = await readJson(req, InvokeBody);
    if (body.accountId && !products.users().some((u) => u.accountId === body.accountId)) {
      throw new HttpError(400, `No user with account id "${body.accountId}" exists on the site.`);
    }
    try {
      let result: unknown;
      if (runtime.isResolverFunction(functionKey)) {
        if (!body.resolver) {
          throw new HttpError(
            400,
            `"${functionKey}" is a UI module's resolver: name the resolver definition to call in "resolver" (the name passed to invoke()).`,
          );
        }
        const target = targetFromContext(body.context);
        result = await runtime.invokeResolver({
          functionKey,
          resolver: body.resolver,
          payload: body.payload,
          ...(body.accountId ? { accountId: body.accountId } : {}),
          ...(body.moduleKey ? { moduleKey: body.moduleKey } : {}),
          ...(body.localId ? { localId: body.localId } : {}),
          ...(target ? { target } : {}),
          ...(body.context ? { context: body.context } : {}),
        });
      } else {
        result = await runtime.invokeFunction(functionKey, body.payload ?? {}, body.accountId, body.moduleKey);
        await runtime.queue.drain();
      }
      return sendJson(res, 200, { result: result ?? null });
    } catch (e) {
      if (e instanceof InvocationFailure) {
        return sendJson(res, failureStatus(e), {
          error: { status: failureStatus(e), code: e.code, message: e.message, invocationId: e.invocationId },
        });
      }
      throw e;
    }
  }

  if (path === '/__site/outbox' && method === 'GET') return sendJson(res, 200, products.outbox());

  if (path === '/__site/requests') {
    if (method === 'GET') {
      const sinceRaw = url.searchParams.get('since');
      const since = sinceRaw === null ? 0 : Number(sinceRaw);
      if (!Number.isInteger(since) || since < 0)
        throw new HttpError(400, 'since must be a non-negative integer (a seq from an earlier answer).');
      return sendJson(res, 200, runtime.requestLog.list(since));
    }
    if (method === 'DELETE') {
      runtime.requestLog.clear();
      return sendJson(res, 200, { ok: true });
    }
    throw new HttpError(405, 'Use GET or DELETE /__site/requests.');
  }

  if (path === '/__site/faults') {
    if (method === 'GET') return sendJson(res, 200, { rules: runtime.faults.list() });
    if (method === 'PUT') {
      const body = await readJson(req, FaultRulesBody);
      try {
        runtime.faults.set(body.rules);
      } catch (e) {
        throw new HttpError(400, `Invalid fault rule: ${e instanceof Error ? e.message : String(e)}`);
      }
      return sendJson(res, 200, { rules: runtime.faults.list() });
    }
    throw new HttpError(405, 'Use GET or PUT /__site/faults.');
  }

  if (path === '/__site/latency') {
    if (method === 'GET') return sendJson(res, 200, runtime.latency);
    if (method === 'PUT') {
      runtime.latency = await readJson(req, LatencyProfile);
      return sendJson(res, 200, runtime.latency);
    }
    throw new HttpError(405, 'Use GET or PUT /__site/latency.');
  }

  if (path === '/__site/csp-reports') {
    if (method === 'GET') return sendJson(res, 200, site.cspReports);
    if (method === 'DELETE') {
      site.cspReports.length = 0;
      return sendJson(res, 200, { ok: true });
    }
    throw new HttpError(405, 'Use GET or DELETE /__site/csp-reports.');
  }

  if (path === '/__site/search-lag') {
    const lag = products.searchLag;
    if (!lag) throw new HttpError(501, 'These products have no search index to lag.');
    if (method === 'GET') return sendJson(res, 200, { ms: lag.ms });
    if (method === 'PUT') {
      lag.ms = (await readJson(req, SearchLagBody)).ms;
      return sendJson(res, 200, { ms: lag.ms });
    }
    throw new HttpError(405, 'Use GET or PUT /__site/search-lag.');
  }

  if (path === '/__site/users' && method === 'GET') return sendJson(res, 200, products.users());
  const user = /^\/__site\/users\/([^/]+)$/.exec(path);
  if (user) {
    if (method !== 'PUT') throw new HttpError(405, 'Use PUT /__site/users/{accountId} {"active":false|true}.');
    const accountId = decodeURIComponent(user[1] ?? '');
    const body = await readJson(req, UserBody);
    const changed = products.setUserActive(accountId, body.active);
    if (!changed) throw new HttpError(404, `No user with account id "${accountId}" exists on the site; GET /__site/users lists them.`);
    return sendJson(res, 200, changed);
  }
  if (path === '/__site/invocations' && method === 'GET') return sendJson(res, 200, runtime.invocations);

  throw new HttpError(404, `No control endpoint ${method} ${path}.`);
}
