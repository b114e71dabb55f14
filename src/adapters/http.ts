/**
 * What every product adapter shares: retries that honour Jira's and Confluence's rate limits, one
 * typed error carrying status and body, and zod parsing of the fields the app relies on.
 *
 * Call sites stay literal (`api.asUser().requestJira(route\`...\`, { method: 'POST' })`) so that
 * `forge lint` can check each call's scope; they hand the call to `send()` as a thunk.
 */
import type { APIResponse } from '@forge/api';
import type { z } from 'zod';
import * as clock from './clock';

export class ProductError extends Error {
  constructor(
    readonly product: 'jira' | 'confluence',
    readonly operation: string,
    readonly status: number,
    readonly body: string,
  ) {
    super(`${product} ${operation} answered ${status}${body ? `: ${body.slice(0, 300)}` : ''}`);
    this.name = 'ProductError';
  }
  /** The product's own error text (Jira's errorMessages/errors, Confluence's message), if any. */
  productMessage(): string | undefined {
    try {
      const json: unknown = JSON.parse(this.body);
      if (json && typeof json === 'object') {
        const o = json as Record<string, unknown>;
        const parts: string[] = [];
        if (Array.isArray(o.errorMessages)) parts.push(...o.errorMessages.filter((m): m is string => typeof m === 'string'));
        if (o.errors && typeof o.errors === 'object' && !Array.isArray(o.errors)) {
          for (const [k, v] of Object.entries(o.errors as Record<string, unknown>)) if (typeof v === 'string') parts.push(`${k}: ${v}`);
        }
        if (Array.isArray(o.errors)) {
          for (const e of o.errors)
            if (e && typeof e === 'object' && typeof (e as { title?: unknown }).title === 'string')
              parts.push((e as { title: string }).title);
        }
        if (typeof o.message === 'string') parts.push(o.message);
        return parts.length ? parts.join(' ') : undefined;
      }
    } catch {
      /* not JSON */
    }
    return undefined;
  }
}

export interface RetryPolicy {
  /** Attempts in all, first included. */
  attempts: number;
  /** Longest wait for one Retry-After or backoff, in ms; a longer Retry-After is not waited for. */
  maxDelayMs: number;
  baseDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 4, maxDelayMs: 10_000, baseDelayMs: 250 };

let sleepImpl = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
/** Tests replace the sleep to observe the waits without spending them. */
export function setSleepForTests(fn: (ms: number) => Promise<void>): () => void {
  const previous = sleepImpl;
  sleepImpl = fn;
  return () => {
    sleepImpl = previous;
  };
}

function retryAfterMs(res: APIResponse): number | undefined {
  const raw = res.headers.get('retry-after');
  if (!raw) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(raw);
  return Number.isNaN(at) ? undefined : Math.max(0, at - clock.nowMs());
}

/**
 * Runs a product call, retrying 429 after its Retry-After and 5xx with bounded exponential backoff.
 * Returns the last response: the caller decides what its status means.
 */
export async function send(call: () => Promise<APIResponse>, policy: RetryPolicy = DEFAULT_RETRY): Promise<APIResponse> {
  let attempt = 0;
  for (;;) {
    attempt += 1;
    const res = await call();
    const retryable = res.status === 429 || res.status >= 500;
    if (!retryable || attempt >= policy.attempts) return res;
    const wait =
      res.status === 429 ? (retryAfterMs(res) ?? policy.baseDelayMs * 2 ** (attempt - 1)) : policy.baseDelayMs * 2 ** (attempt - 1);
    if (wait > policy.maxDelayMs) return res;
    await sleepImpl(wait);
  }
}

/** Reads a response whose status must be one of `ok`, and parses its JSON with `schema`. */
export async function readJson<S extends z.ZodType>(
  product: ProductError['product'],
  operation: string,
  res: APIResponse,
  schema: S,
  ok: readonly number[] = [200],
): Promise<z.infer<S>> {
  const text = await res.text();
  if (!ok.includes(res.status)) throw new ProductError(product, operation, res.status, text);
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    throw new ProductError(product, operation, res.status, `not JSON: ${text.slice(0, 200)}`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new ProductError(product, operation, res.status, `unexpected response shape: ${parsed.error.message.slice(0, 500)}`);
  }
  return parsed.data;
}

export const JSON_HEADERS = { Accept: 'application/json', 'Content-Type': 'application/json' } as const;
