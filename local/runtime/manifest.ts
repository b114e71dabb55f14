/**
 * The parts of manifest.yml the local Forge runtime needs: functions and their handlers and time
 * limits, the UI modules with their resolvers and resources, scheduled triggers, queue consumers,
 * resources, the app's scopes and its compatibility (which Atlassian apps one installation
 * serves). Parsed with zod: a manifest the runtime cannot understand fails loudly at start-up
 * instead of misrouting calls later.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

const FunctionModule = z.object({
  key: z.string().min(1),
  handler: z.string().regex(/^[A-Za-z0-9_/.-]+\.[A-Za-z_$][A-Za-z0-9_$]*$/, 'handler is <file>.<export>'),
  timeoutSeconds: z.number().int().min(1).max(900).optional(),
  runtime: z
    .object({ memoryMB: z.number().int().min(128).max(4096).optional() })
    .loose()
    .optional(),
});

/** Forge's memory per invocation when the manifest sets none (docs/platform.md). */
export const DEFAULT_MEMORY_MB = 512;

const ResolverRef = z.object({ function: z.string().min(1) });

const UiModule = z.object({
  key: z.string().min(1),
  title: z.string().optional(),
  resource: z.string().min(1),
  resolver: ResolverRef.optional(),
});

const MacroModule = UiModule.extend({
  config: z
    .object({
      title: z.string().optional(),
      resource: z.string().min(1).optional(),
      viewportSize: z.string().optional(),
      openOnInsert: z.boolean().optional(),
    })
    .or(z.boolean())
    .optional(),
  layout: z.string().optional(),
});

const ScheduledTrigger = z.object({
  key: z.string().min(1),
  function: z.string().min(1),
  interval: z.enum(['fiveMinute', 'hour', 'day', 'week']),
});

const Consumer = z.object({
  key: z.string().min(1),
  queue: z.string().regex(/^[a-zA-Z0-9-_]+$/),
  function: z.string().min(1),
});

const ManifestSchema = z.object({
  modules: z
    .object({
      macro: z.array(MacroModule).default([]),
      'jira:issuePanel': z.array(UiModule).default([]),
      'jira:issueContext': z.array(UiModule.extend({ label: z.string().min(1) })).default([]),
      'jira:globalPage': z.array(UiModule).default([]),
      'jira:adminPage': z.array(UiModule).default([]),
      scheduledTrigger: z.array(ScheduledTrigger).default([]),
      consumer: z.array(Consumer).default([]),
      function: z.array(FunctionModule).default([]),
    })
    .loose(),
  resources: z.array(z.object({ key: z.string().min(1), path: z.string().min(1) })).default([]),
  permissions: z
    .object({
      scopes: z.array(z.string()).default([]),
      content: z
        .object({ scripts: z.array(z.string()).optional(), styles: z.array(z.string()).optional() })
        .loose()
        .optional(),
      external: z.record(z.string(), z.unknown()).optional(),
    })
    .loose()
    .default({ scopes: [] }),
  app: z
    .object({
      id: z.string().regex(/^ari:cloud:ecosystem::app\/[0-9a-f-]+$/),
      compatibility: z
        .object({ jira: z.object({ required: z.boolean() }).optional(), confluence: z.object({ required: z.boolean() }).optional() })
        .loose()
        .optional(),
      runtime: z
        .object({ memoryMB: z.number().int().min(128).max(1024).optional() })
        .loose()
        .optional(),
    })
    .loose(),
});

/** An Atlassian app the local site has (compatibility names them). */
export type Product = 'jira' | 'confluence';

export type UiModuleType = 'macro' | 'jira:issuePanel' | 'jira:issueContext' | 'jira:globalPage' | 'jira:adminPage';
export const UI_MODULE_TYPES: readonly UiModuleType[] = [
  'macro',
  'jira:issuePanel',
  'jira:issueContext',
  'jira:globalPage',
  'jira:adminPage',
];

export interface UiModuleInfo {
  type: UiModuleType;
  key: string;
  title: string;
  resource: string;
  /** Manifest function key of the module's resolver, if it has one. */
  resolverFunction?: string;
  /** For a jira:issueContext: the label shown next to its title. */
  label?: string;
  /** For a macro with a custom config: the config resource. */
  configResource?: string;
  configTitle?: string;
}

export interface FunctionInfo {
  key: string;
  /** Export name in the app module (`index.macroResolver` → `macroResolver`). */
  exportName: string;
  timeoutSeconds?: number;
  /** Memory per invocation: the function's `runtime.memoryMB`, else the app's, else 512. */
  memoryMB: number;
}

export interface AppManifest {
  appId: string;
  /** The app's ARI as written in the manifest. */
  appAri: string;
  scopes: readonly string[];
  /** `permissions.content` and `permissions.external`: what relaxes the Custom UI content security policy. */
  contentPermissions: { content?: { scripts?: string[]; styles?: string[] }; external?: Record<string, unknown> };
  functions: ReadonlyMap<string, FunctionInfo>;
  uiModules: readonly UiModuleInfo[];
  scheduledTriggers: ReadonlyArray<{ key: string; functionKey: string; interval: string }>;
  consumers: ReadonlyArray<{ key: string; queue: string; functionKey: string }>;
  /** Resource key → folder relative to the project root. */
  resources: ReadonlyMap<string, string>;
  /** `app.compatibility`: the required Atlassian app and the optional ones; undefined when not declared. */
  compatibility?: { required: Product; optional: readonly Product[] };
}

function parseCompatibility(c: z.infer<typeof ManifestSchema>['app']['compatibility']): AppManifest['compatibility'] {
  if (!c) return undefined;
  const declared = (['jira', 'confluence'] as const).filter((p) => c[p] !== undefined);
  const required = declared.filter((p) => c[p]?.required === true);
  if (required.length !== 1) {
    throw new Error(`manifest.yml: app.compatibility must mark exactly one Atlassian app required: true (it marks ${required.length}).`);
  }
  const [req] = required as [Product];
  return { required: req, optional: declared.filter((p) => p !== req) };
}

export function parseManifest(text: string): AppManifest {
  const raw: unknown = parseYaml(text);
  const m = ManifestSchema.parse(raw);
  const functions = new Map<string, FunctionInfo>();
  for (const f of m.modules.function) {
    const exportName = f.handler.slice(f.handler.lastIndexOf('.') + 1);
    const memoryMB = f.runtime?.memoryMB ?? m.app.runtime?.memoryMB ?? DEFAULT_MEMORY_MB;
    functions.set(f.key, { key: f.key, exportName, memoryMB, ...(f.timeoutSeconds ? { timeoutSeconds: f.timeoutSeconds } : {}) });
  }
  const uiModules: UiModuleInfo[] = [];
  for (const type of UI_MODULE_TYPES) {
    for (const mod of m.modules[type]) {
      const info: UiModuleInfo = { type, key: mod.key, title: mod.title ?? mod.key, resource: mod.resource };
      if (mod.resolver) info.resolverFunction = mod.resolver.function;
      if ('label' in mod && typeof mod.label === 'string') info.label = mod.label;
      if (type === 'macro' && 'config' in mod && typeof mod.config === 'object' && mod.config.resource) {
        info.configResource = mod.config.resource;
        if (mod.config.title) info.configTitle = mod.config.title;
      }
      uiModules.push(info);
    }
  }
  const appId = m.app.id.slice('ari:cloud:ecosystem::app/'.length);
  const manifest: AppManifest = {
    appId,
    appAri: m.app.id,
    scopes: m.permissions.scopes,
    contentPermissions: {
      ...(m.permissions.content ? { content: m.permissions.content } : {}),
      ...(m.permissions.external ? { external: m.permissions.external } : {}),
    },
    functions,
    uiModules,
    scheduledTriggers: m.modules.scheduledTrigger.map((t) => ({ key: t.key, functionKey: t.function, interval: t.interval })),
    consumers: m.modules.consumer.map((c) => ({ key: c.key, queue: c.queue, functionKey: c.function })),
    resources: new Map(m.resources.map((r) => [r.key, r.path])),
  };
  const compatibility = parseCompatibility(m.app.compatibility);
  if (compatibility) manifest.compatibility = compatibility;
  for (const ref of [
    ...uiModules.flatMap((u) => (u.resolverFunction ? [u.resolverFunction] : [])),
    ...manifest.scheduledTriggers.map((t) => t.functionKey),
    ...manifest.consumers.map((c) => c.functionKey),
  ]) {
    if (!functions.has(ref))
      throw new Error(`manifest.yml: a module names function "${ref}", which is not declared under modules.function`);
  }
  return manifest;
}

export function loadManifest(projectRoot: string): AppManifest {
  return parseManifest(fs.readFileSync(path.join(projectRoot, 'manifest.yml'), 'utf8'));
}

export function findUiModule(manifest: AppManifest, moduleKey: string): UiModuleInfo | undefined {
  return manifest.uiModules.find((u) => u.key === moduleKey);
}
