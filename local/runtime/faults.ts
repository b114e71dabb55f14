/**
 * Fault rules (PUT /__site/faults): make matching app calls answer an error status (with an
 * optional Retry-After), or answer slowly, a set number of times. They apply in
 * `__forge_fetch__`, before the products or storage are reached.
 */
import { z } from 'zod';

export const FaultRuleInput = z
  .object({
    /** HTTP method to match (any when omitted), case-insensitive. */
    method: z.string().min(1).max(10).optional(),
    /**
     * Path to match. `re:<regex>` (or a pattern starting with `^`) is a regular expression tested
     * against the path with its query string; anything else is a glob where `*` matches any run of
     * characters, matched against the path with or without its query string.
     */
    pathPattern: z.string().min(1).max(1000),
    /** Which calls: a product, the key-value store or the queue (any when omitted). */
    target: z.enum(['jira', 'confluence', 'kvs', 'queue']).optional(),
    /** Status to answer. Omit (with latencyMs) for a slow but otherwise normal answer. */
    status: z.number().int().min(400).max(599).optional(),
    /** Seconds for the Retry-After header. */
    retryAfter: z.number().int().min(0).max(3600).optional(),
    /** How many matching calls the rule applies to (every one when omitted). */
    count: z.number().int().min(1).optional(),
    /** Delay before answering, in milliseconds. */
    latencyMs: z.number().int().min(0).max(120000).optional(),
    /** Body to answer with (a JSON error like the product's when omitted). */
    body: z.string().max(100000).optional(),
  })
  .strict()
  .refine((r) => r.status !== undefined || r.latencyMs !== undefined, 'A fault rule needs a status, a latencyMs, or both.');
export type FaultRuleInput = z.infer<typeof FaultRuleInput>;

export const FaultRulesBody = z.object({ rules: z.array(FaultRuleInput).max(100) }).strict();

export interface FaultRuleState extends FaultRuleInput {
  /** How many calls the rule has applied to so far. */
  applied: number;
}

export interface FaultDecision {
  latencyMs: number;
  response?: { status: number; headers: Record<string, string>; body: string };
}

function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`);
}

function matcher(pattern: string): (path: string) => boolean {
  if (pattern.startsWith('re:') || pattern.startsWith('^')) {
    const re = new RegExp(pattern.startsWith('re:') ? pattern.slice(3) : pattern);
    return (p) => re.test(p);
  }
  const re = globToRegExp(pattern);
  return (p) => re.test(p) || re.test(p.split('?')[0] ?? p);
}

function defaultBody(target: string, status: number): string {
  if (target === 'kvs') {
    const code = status === 429 ? 'RATE_LIMIT_EXCEEDED' : 'INTERNAL_SERVER_ERROR';
    return JSON.stringify({ code, message: `Injected fault: ${status}` });
  }
  if (status === 429) return JSON.stringify({ errorMessages: ['Rate limit exceeded.'], errors: {} });
  return JSON.stringify({ errorMessages: [`Injected fault: ${status}`], errors: {} });
}

export class FaultRules {
  private rules: Array<FaultRuleState & { test: (path: string) => boolean }> = [];

  /** Replaces all rules. Throws on an invalid regular expression. */
  set(rules: FaultRuleInput[]): void {
    this.rules = rules.map((r) => ({ ...r, applied: 0, test: matcher(r.pathPattern) }));
  }

  list(): FaultRuleState[] {
    return this.rules.map(({ test: _test, ...r }) => r);
  }

  /** The first live rule matching the call, counted as applied; undefined when none matches. */
  match(target: string, method: string, path: string): FaultDecision | undefined {
    for (const rule of this.rules) {
      if (rule.count !== undefined && rule.applied >= rule.count) continue;
      if (rule.target && rule.target !== target) continue;
      if (rule.method && rule.method.toUpperCase() !== method.toUpperCase()) continue;
      if (!rule.test(path)) continue;
      rule.applied++;
      const decision: FaultDecision = { latencyMs: rule.latencyMs ?? 0 };
      if (rule.status !== undefined) {
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (rule.retryAfter !== undefined) headers['retry-after'] = String(rule.retryAfter);
        decision.response = { status: rule.status, headers, body: rule.body ?? defaultBody(target, rule.status) };
      }
      return decision;
    }
    return undefined;
  }
}
