/**
 * Normalises the `init` an @forge package passes to `__forge_fetch__` (a RequestInit: method,
 * headers as an object, array or Headers, body as a string, bytes or URLSearchParams).
 */
export interface NormalisedInit {
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function headersOf(raw: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (raw === undefined || raw === null) return out;
  if (raw instanceof Headers) {
    raw.forEach((v, k) => (out[k.toLowerCase()] = v));
    return out;
  }
  if (Array.isArray(raw)) {
    for (const pair of raw) {
      if (Array.isArray(pair) && pair.length === 2) out[String(pair[0]).toLowerCase()] = String(pair[1]);
    }
    return out;
  }
  if (isRecord(raw)) {
    for (const [k, v] of Object.entries(raw)) if (v !== undefined) out[k.toLowerCase()] = String(v);
  }
  return out;
}

function bodyOf(raw: unknown): string | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw === 'string') return raw;
  if (raw instanceof URLSearchParams) return raw.toString();
  if (raw instanceof Uint8Array) return Buffer.from(raw).toString('utf8');
  if (raw instanceof ArrayBuffer) return Buffer.from(raw).toString('utf8');
  throw new TypeError('The local site accepts request bodies as strings, bytes or URLSearchParams.');
}

export function normaliseInit(init: unknown): NormalisedInit {
  if (!isRecord(init)) return { method: 'GET', headers: {}, body: undefined };
  const method = typeof init.method === 'string' ? init.method.toUpperCase() : 'GET';
  return { method, headers: headersOf(init.headers), body: bodyOf(init.body) };
}

/** A fetch Response as @forge/api hands it to the app. */
export function toResponse(status: number, headers: Record<string, string>, body: string): Response {
  const nullBody = status === 204 || status === 205 || status === 304;
  return new Response(nullBody ? null : body, { status, headers });
}
