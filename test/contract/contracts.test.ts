import fs from 'node:fs';
import path from 'node:path';
import * as index from '../../src/index';
import { SWEEP_QUEUE_KEY } from '../../src/adapters/queue';
import {
  ActionItemProperty,
  ACTION_ITEM_PROPERTY_KEY,
  PostmortemIssueProperty,
  POSTMORTEM_PROPERTY_KEY,
  WaiverProperty,
  WAIVER_PROPERTY_KEY,
} from '../../src/contracts/properties';
import { allCalls } from '../../src/contracts/surfaces';
import { DEFINED } from '../../src/resolvers/define';
import {
  checkHandlers,
  checkModuleReferences,
  checkResolverNames,
  checkResourcesBuilt,
  readManifest,
  ROOT,
  scanLiteralDefines,
  scanStatic,
} from './checks';

const manifest = readManifest();
const realInput = () => {
  const { calls, rawInvokes } = scanStatic();
  return {
    manifest,
    names: allCalls().reduce<Record<string, Record<string, string>>>((out, c) => {
      (out[c.functionKey] ??= {})[c.method] = c.name;
      return out;
    }, {}),
    defined: DEFINED,
    staticCalls: calls,
    rawInvokes,
    literalDefines: scanLiteralDefines(),
  };
};

describe('manifest ↔ code contracts', () => {
  it('every manifest function handler is an export of src/index.ts, and src/index.ts exports nothing else', () => {
    expect(checkHandlers(manifest, index as unknown as Record<string, unknown>)).toEqual([]);
  });

  it('names the problem when a handler has no export', () => {
    const broken = {
      ...manifest,
      modules: { ...manifest.modules, function: [...(manifest.modules.function ?? []), { key: 'ghost-fn', handler: 'index.ghostFn' }] },
    };
    expect(checkHandlers(broken, index as unknown as Record<string, unknown>)).toEqual([
      'function ghost-fn: src/index.ts has no exported function ghostFn',
    ]);
  });

  it('every module refers to declared functions and resources, and the consumer queue is the one the code pushes to', () => {
    expect(checkModuleReferences(manifest, [SWEEP_QUEUE_KEY])).toEqual([]);
    expect(checkModuleReferences(manifest, ['another-queue'])).toEqual([
      'consumer postmortem-sweep-consumer listens on queue postmortem-sweep-queue, but no code pushes to it',
    ]);
  });

  it('the scheduled trigger and consumer resolve to exported functions', () => {
    const fnByKey = new Map((manifest.modules.function ?? []).map((f) => [String(f.key), String(f.handler).split('.')[1] ?? '']));
    const exported = index as unknown as Record<string, unknown>;
    for (const kind of ['scheduledTrigger', 'consumer'] as const) {
      for (const m of manifest.modules[kind] ?? []) {
        expect(typeof exported[fnByKey.get(String(m.function)) ?? '']).toBe('function');
      }
    }
    // Hourly: the trigger starts the day's sweep at the settings' send hour (docs/platform.md, scheduled triggers).
    expect(manifest.modules.scheduledTrigger?.[0]?.interval).toBe('hour');
  });

  it('every entity-property index names a property the code writes and a path its schema has', () => {
    const schemas: Record<string, { shape: Record<string, unknown> }> = {
      [POSTMORTEM_PROPERTY_KEY]: PostmortemIssueProperty,
      [ACTION_ITEM_PROPERTY_KEY]: ActionItemProperty,
      [WAIVER_PROPERTY_KEY]: WaiverProperty,
    };
    const indexes = manifest.modules['jira:entityProperty'] ?? [];
    expect(indexes.map((m) => m.propertyKey).sort()).toEqual(
      [ACTION_ITEM_PROPERTY_KEY, POSTMORTEM_PROPERTY_KEY, WAIVER_PROPERTY_KEY].sort(),
    );
    for (const m of indexes) {
      const schema = schemas[String(m.propertyKey)];
      for (const v of m.values as Array<{ path: string }>) expect(Object.keys(schema?.shape ?? {})).toContain(v.path);
    }
  });

  it('every resource path exists after npm run build', () => {
    expect(checkResourcesBuilt(manifest)).toEqual([]);
    for (const r of manifest.resources.filter((r) => r.path.endsWith('/build'))) {
      const html = fs.readFileSync(path.join(ROOT, r.path, 'index.html'), 'utf8');
      expect(html).toMatch(/src="\.\/assets\/[^"]+\.js"/); // relative asset paths: the folder is self-contained
    }
  });

  it('the runtime is nodejs22.x, with no egress and no CSP relaxation', () => {
    const raw = fs.readFileSync(path.join(ROOT, 'manifest.yml'), 'utf8');
    expect(raw).toMatch(/runtime:\s*\n\s*name: nodejs22\.x/);
    expect(raw).not.toMatch(/external:|content:\s*\n\s*(scripts|styles)/);
  });
});

describe('resolver names come from the contracts', () => {
  it('every defined resolver is a call of its contract, defined by its function and invoked by its surface', () => {
    expect(checkResolverNames(realInput())).toEqual([]);
  });

  it('names a resolver that is not a call of its contract', () => {
    const input = realInput();
    const problems = checkResolverNames({
      ...input,
      defined: [...input.defined, { functionKey: 'macro-resolver', name: 'macro.deleteEverything' }],
    });
    expect(problems).toEqual(['resolver "macro.deleteEverything" (function macro-resolver) is not a call in src/contracts/surfaces.ts']);
  });

  it('names a call that no surface invokes', () => {
    const input = realInput();
    const without = input.staticCalls.filter((c) => !(c.functionKey === 'panel-resolver' && c.method === 'getOverview'));
    expect(without.length).toBeLessThan(input.staticCalls.length);
    expect(checkResolverNames({ ...input, staticCalls: without })).toContain(
      'resolver "panel.getOverview" (function panel-resolver) is not invoked by any Custom UI surface through callResolver',
    );
  });

  it('names a raw invoke and a surface calling another module’s resolver', () => {
    const input = realInput();
    const problems = checkResolverNames({
      ...input,
      rawInvokes: ['static/panel/src/Sneaky.tsx'],
      staticCalls: [...input.staticCalls, { file: 'static/panel/src/X.tsx', functionKey: 'admin-resolver', method: 'getOverview' }],
    });
    expect(problems).toContain('static/panel/src/Sneaky.tsx calls invoke() directly; use callResolver from static/common/bridge.ts');
    expect(problems).toContain("static/panel/src/X.tsx invokes admin-resolver, but its module's resolver is panel-resolver");
  });
});
