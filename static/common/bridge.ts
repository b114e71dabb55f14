/**
 * The only place Custom UI talks to the backend. Resolver names come from src/contracts/names.ts;
 * payload and result types from src/contracts/surfaces.ts (types only, so zod stays out of the
 * bundle: the backend already checks every answer against its zod contract before sending it).
 */
import { invoke, view } from '@forge/bridge';
import { resolverName, type ResolverFunctionKey } from '@contracts/names';
import type { Envelope } from '@contracts/resolver';
import type { CallKey, Calls, PayloadOf, ResultOf } from '@contracts/surfaces';

function isEnvelope(raw: unknown): raw is Envelope<unknown> {
  if (!raw || typeof raw !== 'object') return false;
  const o = raw as { ok?: unknown; data?: unknown; error?: { message?: unknown } };
  return o.ok === true ? 'data' in o : o.ok === false && typeof o.error?.message === 'string';
}

/** Calls resolver `method` of the surface's function `key`; never throws. */
export async function callResolver<K extends ResolverFunctionKey, M extends CallKey<K>>(
  key: K,
  method: M,
  payload: PayloadOf<K, M & keyof Calls[K]>,
): Promise<Envelope<ResultOf<K, M & keyof Calls[K]>>> {
  let raw: unknown;
  try {
    raw = await invoke(resolverName(key, method), payload as Record<string, unknown>);
  } catch {
    return { ok: false, error: { code: 'internal', message: 'Could not reach the Postmortem app. Check your connection and try again.' } };
  }
  if (!isEnvelope(raw)) {
    return {
      ok: false,
      error: {
        code: 'internal',
        message: 'The Postmortem app answered in an unexpected way. Reload the page; if it keeps happening, tell your admin.',
      },
    };
  }
  return raw as Envelope<ResultOf<K, M & keyof Calls[K]>>;
}

export interface SurfaceContext {
  extension: Record<string, unknown>;
  accountId?: string;
  siteUrl?: string;
}

export async function getContext(): Promise<SurfaceContext> {
  return (await view.getContext()) as unknown as SurfaceContext;
}

/** Applies the product's light or dark theme (Atlassian design tokens) to this iframe. */
export async function enableTheme(): Promise<void> {
  try {
    await view.theme.enable();
  } catch {
    /* an old host without theming: the CSS fallbacks apply */
  }
}
