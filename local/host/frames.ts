/**
 * Custom UI iframes: the markup a host page puts where a Forge module shows, carrying what the
 * bridge host (client/host.js) needs to answer the iframe: module, resource, localId, the
 * extension target and the context `view.getContext()` answers.
 */
import { extensionFor, frontendContext, type ExtensionTarget, type UiModuleInfo } from '../runtime';
import { FORGE_IFRAME_ALLOW, FORGE_IFRAME_SANDBOX } from '../server/custom-ui-policy';
import { attrJson, esc } from './html';
import type { HostRequest } from './request';

export interface FrameInfo {
  kind: 'module' | 'macro-config';
  moduleKey: string;
  resource: string;
  localId: string;
  target: ExtensionTarget;
  context: Record<string, unknown>;
  src: string;
}

export function resourceUrl(resource: string): string {
  return `/__resources/${encodeURIComponent(resource)}/`;
}

export function frameInfo(
  h: HostRequest,
  module: UiModuleInfo,
  target: ExtensionTarget,
  localId: string,
  kind: FrameInfo['kind'] = 'module',
): FrameInfo {
  const resource = kind === 'macro-config' ? (module.configResource ?? module.resource) : module.resource;
  const location = `${h.site.runtime.siteUrl}${h.path}`;
  const context = frontendContext({
    module,
    accountId: h.user?.accountId,
    localId,
    extension: extensionFor(module, target, location),
    siteUrl: h.site.runtime.siteUrl,
    colorMode: h.theme,
    appId: h.site.manifest.appId,
  });
  return { kind, moduleKey: module.key, resource, localId, target, context, src: resourceUrl(resource) };
}

export function frameHtml(info: FrameInfo, title: string): string {
  // Forge's iframe: sandboxed without popups or top navigation (docs/platform.md, Custom UI).
  return `<iframe class="forge-frame" data-testid="forge-frame-${esc(info.moduleKey)}" title="${esc(title)}" src="${esc(info.src)}" sandbox="${FORGE_IFRAME_SANDBOX}" allow="${FORGE_IFRAME_ALLOW}" data-frame="${attrJson(info)}"></iframe>`;
}
