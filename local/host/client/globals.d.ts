/* eslint-disable @typescript-eslint/no-explicit-any -- the browser scripts are plain JavaScript, checked loosely (checkJs, not strict) */
// What the local site's browser scripts share through `window` (type-checked with checkJs by
// local/host/client/tsconfig.json; the scripts are served as they are, no build step).
interface Window {
  /** Set by the host page (local/host/layout.ts): the URLs of the Custom UI modules it shows. */
  __LOCAL_SITE?: { moduleUrls: Record<string, string> } & Record<string, any>;
  /** The @forge/bridge host inside a Custom UI iframe (bridge-client.js). */
  __bridge?: Record<string, any>;
  /** The ADF ↔ editor HTML converter (adf-dom.js), used by editor.js. */
  AdfDom?: any;
}
// eslint-disable-next-line no-var -- a global the scripts test for (adf-dom.js loads under require() in the unit tests)
declare var module: { exports: unknown } | undefined;
