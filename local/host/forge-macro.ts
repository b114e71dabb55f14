/**
 * Forge macros in a page's ADF. Confluence stores a Forge macro as an `extension` node with
 * `extensionType: "com.atlassian.ecosystem"`, an `extensionKey` ending in `/static/<moduleKey>`,
 * and the macro config in `parameters.guestParams`. Editing the config rewrites that node.
 */
import { isObject, str } from './html';

export const FORGE_EXTENSION_TYPE = 'com.atlassian.ecosystem';

export interface MacroNodeInfo {
  moduleKey: string;
  localId: string;
  config: Record<string, unknown>;
}

/** The macro module this extension node shows, or undefined when it is not one of the app's macros. */
export function macroNodeInfo(node: Record<string, unknown>, macroKeys: readonly string[]): MacroNodeInfo | undefined {
  if (node.type !== 'extension' && node.type !== 'bodiedExtension') return undefined;
  const attrs = isObject(node.attrs) ? node.attrs : {};
  const key = str(attrs.extensionKey) ?? '';
  const moduleKey = macroKeys.find((k) => key === k || key.endsWith(`/static/${k}`) || key.endsWith(`/${k}`));
  if (!moduleKey) return undefined;
  const params = isObject(attrs.parameters) ? attrs.parameters : {};
  const localId = str(attrs.localId) ?? str(params.localId) ?? `${moduleKey}-0`;
  const config = isObject(params.guestParams) ? params.guestParams : isObject(params.config) ? params.config : {};
  return { moduleKey, localId, config };
}

/**
 * Writes `config` into the macro node with `localId` (in place). Returns false when the page has
 * no such macro.
 */
export function setMacroConfig(doc: unknown, macroKeys: readonly string[], localId: string, config: Record<string, unknown>): boolean {
  let found = false;
  const visit = (n: unknown): void => {
    if (!isObject(n)) return;
    const info = macroNodeInfo(n, macroKeys);
    if (info && info.localId === localId) {
      const attrs = isObject(n.attrs) ? n.attrs : {};
      const params = isObject(attrs.parameters) ? attrs.parameters : {};
      n.attrs = { ...attrs, parameters: { ...params, guestParams: config } };
      found = true;
    }
    if (Array.isArray(n.content)) n.content.forEach(visit);
  };
  visit(doc);
  return found;
}
