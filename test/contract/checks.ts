/**
 * The contract checks between manifest.yml, src/index.ts, src/contracts and static/. Pure functions
 * over plain inputs, so a test can show each one failing on a broken tree.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';

export const ROOT = path.resolve(__dirname, '../..');

export interface Manifest {
  modules: Record<string, Array<Record<string, unknown>>>;
  resources: Array<{ key: string; path: string }>;
  permissions: { scopes: string[] };
}

export function readManifest(): Manifest {
  return parseYaml(fs.readFileSync(path.join(ROOT, 'manifest.yml'), 'utf8')) as Manifest;
}

export const kebabToCamel = (s: string) => s.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** Function keys ↔ handlers ↔ exports of src/index.ts. */
export function checkHandlers(manifest: Manifest, indexExports: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const functions = manifest.modules.function ?? [];
  const handlers = new Set<string>();
  for (const fn of functions) {
    const key = String(fn.key);
    const handler = String(fn.handler);
    const [file, name] = handler.split('.');
    if (file !== 'index' || !name) problems.push(`function ${key}: handler ${handler} must be index.<export>`);
    else {
      handlers.add(name);
      if (name !== kebabToCamel(key)) problems.push(`function ${key}: handler index.${name} should be index.${kebabToCamel(key)}`);
      if (typeof indexExports[name] !== 'function') problems.push(`function ${key}: src/index.ts has no exported function ${name}`);
    }
  }
  for (const name of Object.keys(indexExports)) {
    if (name !== '__esModule' && !handlers.has(name)) problems.push(`src/index.ts exports ${name}, which no manifest function names`);
  }
  return problems;
}

/** Module references: functions, resolvers, resources, queues. */
export function checkModuleReferences(manifest: Manifest, queueKeysInCode: string[]): string[] {
  const problems: string[] = [];
  const functionKeys = new Set((manifest.modules.function ?? []).map((f) => String(f.key)));
  const resourceKeys = new Set(manifest.resources.map((r) => r.key));
  for (const [kind, modules] of Object.entries(manifest.modules)) {
    if (kind === 'function') continue;
    for (const m of modules) {
      const refs: string[] = [];
      if (typeof m.function === 'string') refs.push(m.function);
      const resolver = m.resolver as { function?: string } | undefined;
      if (resolver?.function) refs.push(resolver.function);
      const adfExport = m.adfExport as { function?: string } | undefined;
      if (adfExport?.function) refs.push(adfExport.function);
      for (const ref of refs)
        if (!functionKeys.has(ref))
          problems.push(`${kind} ${String(m.key)} refers to function ${ref}, which the manifest does not declare`);
      const resources = [m.resource, (m.config as { resource?: unknown } | undefined)?.resource].filter(
        (r): r is string => typeof r === 'string',
      );
      for (const r of resources)
        if (!resourceKeys.has(r)) problems.push(`${kind} ${String(m.key)} refers to resource ${r}, which the manifest does not declare`);
      if (kind === 'consumer' && !queueKeysInCode.includes(String(m.queue))) {
        problems.push(`consumer ${String(m.key)} listens on queue ${String(m.queue)}, but no code pushes to it`);
      }
    }
  }
  return problems;
}

/** Every resource folder exists and holds an index.html (icons excepted). */
export function checkResourcesBuilt(manifest: Manifest, root = ROOT): string[] {
  const problems: string[] = [];
  for (const r of manifest.resources) {
    const dir = path.join(root, r.path);
    if (!fs.existsSync(dir)) problems.push(`resource ${r.key}: ${r.path} does not exist (run npm run build)`);
    else if (r.path.endsWith('/build') && !fs.existsSync(path.join(dir, 'index.html')))
      problems.push(`resource ${r.key}: ${r.path}/index.html is missing`);
  }
  return problems;
}

export interface StaticCall {
  file: string;
  functionKey: string;
  method: string;
}

/** `callResolver('<function key>', '<method>', ...)` calls and any raw `invoke(` in static/. */
export function scanStatic(root = ROOT): { calls: StaticCall[]; rawInvokes: string[] } {
  const calls: StaticCall[] = [];
  const rawInvokes: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (e.name === 'build' || e.name === 'node_modules') continue;
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (/\.(ts|tsx)$/.test(e.name)) {
        const rel = path.relative(root, full);
        const text = fs.readFileSync(full, 'utf8');
        for (const m of text.matchAll(/callResolver\(\s*'([a-z-]+)'\s*,\s*'([A-Za-z]+)'/g))
          calls.push({ file: rel, functionKey: m[1] ?? '', method: m[2] ?? '' });
        if (rel !== path.join('static', 'common', 'bridge.ts') && /\binvoke\s*\(/.test(text)) rawInvokes.push(rel);
      }
    }
  };
  walk(path.join(root, 'static'));
  return { calls, rawInvokes };
}

/**
 * Resolver names: every name defined by the backend is a call of its surface's contract
 * (src/contracts/surfaces.ts, named by src/contracts/names.ts); every call is defined by that
 * function and invoked by a surface the function serves; surfaces invoke only their own module's resolver.
 */
export function checkResolverNames(input: {
  manifest: Manifest;
  names: Record<string, Record<string, string>>;
  defined: Array<{ functionKey: string; name: string }>;
  staticCalls: StaticCall[];
  rawInvokes: string[];
  literalDefines: string[];
}): string[] {
  const problems: string[] = [];
  const { manifest, names, defined, staticCalls } = input;
  const constants = new Map<string, { functionKey: string; method: string }>();
  for (const [functionKey, methods] of Object.entries(names)) {
    for (const [method, name] of Object.entries(methods)) constants.set(name, { functionKey, method });
  }
  for (const d of defined) {
    const c = constants.get(d.name);
    if (!c) problems.push(`resolver "${d.name}" (function ${d.functionKey}) is not a call in src/contracts/surfaces.ts`);
    else if (c.functionKey !== d.functionKey)
      problems.push(`resolver "${d.name}" is defined by ${d.functionKey} but its contract belongs to ${c.functionKey}`);
  }
  for (const [name, c] of constants) {
    if (!defined.some((d) => d.name === name))
      problems.push(`resolver call ${c.functionKey}.${c.method} ("${name}") is defined by no resolver`);
    if (!staticCalls.some((s) => s.functionKey === c.functionKey && s.method === c.method)) {
      problems.push(`resolver "${name}" (function ${c.functionKey}) is not invoked by any Custom UI surface through callResolver`);
    }
  }
  // the surface → resolver function each static folder may call
  const allowed = new Map<string, Set<string>>();
  const resourcePath = new Map(manifest.resources.map((r) => [r.key, r.path]));
  for (const modules of Object.values(manifest.modules)) {
    for (const m of modules) {
      const fn = (m.resolver as { function?: string } | undefined)?.function;
      if (!fn) continue;
      for (const res of [m.resource, (m.config as { resource?: unknown } | undefined)?.resource]) {
        if (typeof res !== 'string') continue;
        const folder = (resourcePath.get(res) ?? '').replace(/\/build$/, '');
        if (!allowed.has(folder)) allowed.set(folder, new Set());
        allowed.get(folder)?.add(fn);
      }
    }
  }
  for (const s of staticCalls) {
    if (!constants.has(names[s.functionKey]?.[s.method] ?? ''))
      problems.push(`${s.file} invokes ${s.functionKey}.${s.method}, which is not a call in src/contracts/surfaces.ts`);
    const folder = s.file.split(path.sep).slice(0, 2).join('/');
    if (folder !== 'static/common' && !allowed.get(folder)?.has(s.functionKey)) {
      problems.push(
        `${s.file} invokes ${s.functionKey}, but its module's resolver is ${[...(allowed.get(folder) ?? [])].join(', ') || 'none'}`,
      );
    }
  }
  for (const f of input.rawInvokes) problems.push(`${f} calls invoke() directly; use callResolver from static/common/bridge.ts`);
  for (const f of input.literalDefines)
    problems.push(`${f} calls resolver.define() directly; use defineSurface() with the contract in src/contracts/surfaces.ts`);
  return problems;
}

/** Files in src/ other than the resolver plumbing that call `.define(` on a Resolver. */
export function scanLiteralDefines(root = ROOT): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (/\.ts$/.test(e.name)) {
        const rel = path.relative(root, full);
        if (rel === path.join('src', 'resolvers', 'define.ts')) continue;
        if (/new Resolver\(|resolver\.define\(\s*['"`]/.test(fs.readFileSync(full, 'utf8'))) out.push(rel);
      }
    }
  };
  walk(path.join(root, 'src'));
  return out;
}
