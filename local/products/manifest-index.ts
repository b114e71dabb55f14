/**
 * The JQL search aliases that manifest.yml's `jira:entityProperty` modules declare, e.g.
 * `postmortemStatus` → issue property `postmortem`, path `status`, type `string`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';

export type IndexedType = 'string' | 'text' | 'number' | 'date' | 'user';

export interface IndexedValue {
  propertyKey: string;
  path: string;
  type: IndexedType;
  searchAlias?: string;
}

export interface EntityPropertyIndex {
  /** Alias (lower-case) → indexed value. */
  aliases: Map<string, IndexedValue>;
  /** `propertyKey` + `.` + path → indexed value (for `issue.property[key].path`). */
  byPath: Map<string, IndexedValue>;
}

const ManifestShape = z.object({
  modules: z
    .object({
      'jira:entityProperty': z
        .array(
          z.object({
            entityType: z.string().optional(),
            propertyKey: z.string(),
            values: z.array(
              z.object({
                path: z.string(),
                type: z.enum(['string', 'text', 'number', 'date', 'user']),
                searchAlias: z.string().optional(),
              }),
            ),
          }),
        )
        .optional(),
    })
    .passthrough(),
});

export function indexFromManifest(manifestYaml: string): EntityPropertyIndex {
  const m = ManifestShape.parse(parse(manifestYaml));
  const aliases = new Map<string, IndexedValue>();
  const byPath = new Map<string, IndexedValue>();
  for (const mod of m.modules['jira:entityProperty'] ?? []) {
    if (mod.entityType !== undefined && mod.entityType !== 'issue') continue;
    for (const v of mod.values) {
      const iv: IndexedValue = { propertyKey: mod.propertyKey, path: v.path, type: v.type, searchAlias: v.searchAlias };
      byPath.set(`${mod.propertyKey}.${v.path}`, iv);
      if (v.searchAlias) aliases.set(v.searchAlias.toLowerCase(), iv);
    }
  }
  return { aliases, byPath };
}

export function defaultManifestPath(): string {
  return path.join(__dirname, '..', '..', 'manifest.yml');
}

export function loadIndex(manifestPath = defaultManifestPath()): EntityPropertyIndex {
  return indexFromManifest(fs.readFileSync(manifestPath, 'utf8'));
}
