/**
 * What the platform imposes on every Custom UI iframe, applied the same way here
 * (docs/platform.md, Custom UI):
 *
 * - the Content-Security-Policy header Forge's CDN sends with a resource's HTML, built by
 *   Atlassian's own `@forge/csp` from the page and the manifest's `permissions.content` and
 *   `permissions.external` (so an inline style or a script the app did not declare is refused
 *   here as there); only its report address is the local site's, so violations are counted
 *   locally instead of being sent to Atlassian;
 * - the iframe's `sandbox` and `allow` attributes from "Custom UI iframe": no popups and no top
 *   navigation, so a link only leaves the iframe through the bridge's router.
 */
import { CSPInjectionService, CSPProcessingService, type ContentPermissions, type ExternalPermissions } from '@forge/csp';
import { load } from 'cheerio';
import type { AppManifest } from '../runtime';

/** The Custom UI iframe's sandbox flags, as Forge sets them. */
export const FORGE_IFRAME_SANDBOX = 'allow-downloads allow-forms allow-modals allow-pointer-lock allow-same-origin allow-scripts';
/** The Custom UI iframe's feature policy, as Forge sets it. */
export const FORGE_IFRAME_ALLOW = 'camera; clipboard-write; display-capture; fullscreen; microphone';
/** Where the browser reports what the policy refused (counted by the site, see bridge-api.ts). */
export const CSP_REPORT_PATH = '/__host/csp-report';

const processing = new CSPProcessingService({ info: () => undefined }, load);
const injection = new CSPInjectionService();

/** The Content-Security-Policy header value Forge would send with this resource HTML. */
export function customUiCsp(html: string, manifest: AppManifest, siteUrl: string): string {
  const permissions = {
    ...(manifest.contentPermissions.content ? { content: manifest.contentPermissions.content as ContentPermissions } : {}),
    ...(manifest.contentPermissions.external ? { external: manifest.contentPermissions.external as ExternalPermissions } : {}),
  };
  const details = processing.getCspDetails(html, permissions as Parameters<CSPProcessingService['getCspDetails']>[1]);
  let origin = siteUrl;
  try {
    origin = new URL(siteUrl).origin;
  } catch {
    /* keep it as given */
  }
  const directives = injection.getInjectableCSP({ existingCSPDetails: details, microsEnv: 'prod', hostname: origin });
  return directives.map((d) => (d.startsWith('report-uri ') ? `report-uri ${CSP_REPORT_PATH}` : d)).join('; ');
}
