/**
 * The Postmortem macro as it sits in a Confluence page's ADF.
 *
 * A Forge macro is stored as an ADF `extension` node (a `bodiedExtension` for bodied macros) with
 * `extensionType: "com.atlassian.ecosystem"` and `extensionKey: "<appId>/<environmentId>/static/<moduleKey>"`;
 * its `parameters` carry `localId`, `extensionId` (the key prefixed with
 * `ari:cloud:ecosystem::extension/`), `extensionTitle`, `layout: "extension"`, `forgeEnvironment`
 * and `guestParams`, which holds the macro's config (what `view.submit({ config })` saved and what
 * `useConfig()` / the extension context returns). Sources: Atlassian's getMacroContent reference
 * (developer.atlassian.com/platform/forge/apis-reference/confluence-api-bridge/getMacroContent),
 * the Confluence storage form `ac:adf-extension` with `extension-type com.atlassian.ecosystem`,
 * `local-id`, `extension-id`, `extension-title`, `guest-params` (community.developer.atlassian.com
 * t/63387), and pages written through the REST API with Forge macros (Mermaid/PlantUML macros),
 * which use the short `extensionKey` and warn that the ARI-prefixed form fails to load.
 *
 * The config in `guestParams` is editable by anyone who can edit the page: readers must zod-parse it.
 */
import { extension } from '@atlaskit/adf-utils/builders';
import { filter } from '@atlaskit/adf-utils/traverse';
import type { ExtensionDefinition } from '@atlaskit/adf-schema/extension';
import { attrString, isRecord, toSafeDoc, type SafeNode } from './adf';

export const FORGE_EXTENSION_TYPE = 'com.atlassian.ecosystem';
export const EXTENSION_ARI_PREFIX = 'ari:cloud:ecosystem::extension/';
const APP_ARI_PREFIX = 'ari:cloud:ecosystem::app/';

export type ForgeEnvironmentType = 'DEVELOPMENT' | 'STAGING' | 'PRODUCTION';

/** Which app, environment and macro module the node points at. */
export interface ForgeMacroRef {
  /** The app id, as `ari:cloud:ecosystem::app/<uuid>` (manifest `app.id`) or the bare uuid. */
  appId: string;
  /** The environment id (a uuid; the invocation context's `environmentId`). */
  environmentId: string;
  /** The environment type (the invocation context's `environmentType`); default PRODUCTION. */
  environmentType?: ForgeEnvironmentType;
  /** The manifest `macro` module key, e.g. `postmortem-macro`. */
  moduleKey: string;
  /** The macro's title as the editor shows it (`buildPostmortemMacro`: default "Postmortem"). */
  title?: string;
}

/** JSON values a macro config may hold. */
export type MacroConfigValue = string | number | boolean | null | MacroConfigValue[] | { [key: string]: MacroConfigValue };

const ID_RE = /^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/;
const MODULE_KEY_RE = /^[a-zA-Z0-9_-]{1,64}$/;

/** The bare app uuid of an app id (ARI or uuid). Throws RangeError on anything else. */
export function appUuid(appId: string): string {
  const bare = appId.startsWith(APP_ARI_PREFIX) ? appId.slice(APP_ARI_PREFIX.length) : appId;
  if (!ID_RE.test(bare)) throw new RangeError(`Not a Forge app id: ${JSON.stringify(appId)}`);
  return bare;
}

/** `<appUuid>/<environmentId>/static/<moduleKey>`. Throws RangeError on malformed parts. */
export function macroExtensionKey(ref: Pick<ForgeMacroRef, 'appId' | 'environmentId' | 'moduleKey'>): string {
  if (!ID_RE.test(ref.environmentId)) throw new RangeError(`Not a Forge environment id: ${JSON.stringify(ref.environmentId)}`);
  if (!MODULE_KEY_RE.test(ref.moduleKey)) throw new RangeError(`Not a module key: ${JSON.stringify(ref.moduleKey)}`);
  return `${appUuid(ref.appId)}/${ref.environmentId}/static/${ref.moduleKey}`;
}

/**
 * A Forge macro's `extension` node (any of this app's `macro` modules, named by `ref.moduleKey`),
 * configured with `config` (stored as `guestParams`; `{}` for a macro that takes none).
 * `localId` must be unique on the page (the caller makes it, e.g. `crypto.randomUUID()`): this
 * module reads no clock and no randomness.
 */
export function buildForgeMacro(
  ref: ForgeMacroRef & { title: string },
  options: { localId: string; config: Readonly<Record<string, MacroConfigValue>> },
): ExtensionDefinition {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(options.localId)) throw new RangeError(`Not a usable localId: ${JSON.stringify(options.localId)}`);
  const extensionKey = macroExtensionKey(ref);
  return extension({
    extensionType: FORGE_EXTENSION_TYPE,
    extensionKey,
    text: ref.title,
    layout: 'default',
    localId: options.localId,
    parameters: {
      localId: options.localId,
      extensionId: `${EXTENSION_ARI_PREFIX}${extensionKey}`,
      extensionTitle: ref.title,
      layout: 'extension',
      forgeEnvironment: ref.environmentType ?? 'PRODUCTION',
      guestParams: { ...options.config },
    },
  });
}

/** The Postmortem macro's node (`buildForgeMacro` with the title "Postmortem" unless `ref.title` says otherwise). */
export function buildPostmortemMacro(
  ref: ForgeMacroRef,
  options: { localId: string; config: Readonly<Record<string, MacroConfigValue>> },
): ExtensionDefinition {
  return buildForgeMacro({ ...ref, title: ref.title ?? 'Postmortem' }, options);
}

export interface FoundMacro {
  localId?: string;
  extensionKey: string;
  /** The stored config, untrusted: parse it before use. */
  guestParams: unknown;
}

/**
 * Every instance of the macro `moduleKey` on a page (optionally only this app's), in document
 * order. Accepts any JSON; answers [] for anything that is not a document.
 */
export function findMacros(page: unknown, ref: { moduleKey: string; appId?: string }): FoundMacro[] {
  const safe = toSafeDoc(page);
  if (!safe) return [];
  let wantedApp: string | undefined;
  try {
    wantedApp = ref.appId === undefined ? undefined : appUuid(ref.appId);
  } catch {
    return [];
  }
  const suffix = `/static/${ref.moduleKey}`;
  const nodes = filter(safe, (n) => {
    if (n.type !== 'extension' && n.type !== 'bodiedExtension') return false;
    const key = attrString(n as SafeNode, 'extensionKey');
    if (attrString(n as SafeNode, 'extensionType') !== FORGE_EXTENSION_TYPE || !key) return false;
    const bare = key.startsWith(EXTENSION_ARI_PREFIX) ? key.slice(EXTENSION_ARI_PREFIX.length) : key;
    if (!bare.endsWith(suffix)) return false;
    return wantedApp === undefined || bare.startsWith(`${wantedApp}/`);
  });
  return nodes.map((n) => {
    const node = n as SafeNode;
    const params = node.attrs?.parameters;
    return {
      localId: attrString(node, 'localId') ?? (isRecord(params) && typeof params.localId === 'string' ? params.localId : undefined),
      extensionKey: attrString(node, 'extensionKey') ?? '',
      guestParams: isRecord(params) ? params.guestParams : undefined,
    };
  });
}
