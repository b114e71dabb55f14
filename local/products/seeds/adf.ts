/** Tiny ADF builders for seed pages (the app builds its own ADF with @atlaskit/adf-utils). */
type Node = Record<string, unknown>;

const text = (t: string): Node => ({ type: 'text', text: t });
export const p = (t: string): Node => ({ type: 'paragraph', content: t ? [text(t)] : [] });
export const h = (level: number, t: string): Node => ({ type: 'heading', attrs: { level }, content: [text(t)] });

export function docOf(content: Array<Node | string>): Node {
  return { type: 'doc', version: 1, content: content.map((c) => (typeof c === 'string' ? p(c) : c)) };
}

export function macro(localId: string, incidentKey: string): Node {
  return {
    type: 'extension',
    attrs: {
      extensionType: 'com.atlassian.ecosystem',
      extensionKey: 'postmortem-macro',
      parameters: { localId, extensionTitle: 'Postmortem', guestParams: { incidentKey } },
      layout: 'default',
      localId,
    },
  };
}
