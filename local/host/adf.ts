/**
 * Renders a Confluence page's ADF body (or a Jira description) as simple HTML for the host pages.
 * Unknown nodes render their children; every text is escaped. Extension nodes are handed to a
 * callback so the page can put a Forge macro's iframe where the macro sits.
 */
import { esc, isObject, safeHref, str } from './html';

export type ExtensionRenderer = (node: Record<string, unknown>) => string | undefined;

function children(node: Record<string, unknown>, ext: ExtensionRenderer): string {
  const content = node.content;
  return Array.isArray(content) ? content.map((c) => renderNode(c, ext)).join('') : '';
}

function renderText(node: Record<string, unknown>): string {
  let html = esc(str(node.text) ?? '');
  const marks = Array.isArray(node.marks) ? node.marks.filter(isObject) : [];
  for (const mark of marks) {
    const attrs = isObject(mark.attrs) ? mark.attrs : {};
    switch (mark.type) {
      case 'strong':
        html = `<strong>${html}</strong>`;
        break;
      case 'em':
        html = `<em>${html}</em>`;
        break;
      case 'code':
        html = `<code>${html}</code>`;
        break;
      case 'strike':
        html = `<s>${html}</s>`;
        break;
      case 'underline':
        html = `<u>${html}</u>`;
        break;
      case 'link':
        html = `<a href="${esc(safeHref(attrs.href))}">${html}</a>`;
        break;
      case 'subsup':
        html = attrs.type === 'sup' ? `<sup>${html}</sup>` : `<sub>${html}</sub>`;
        break;
      default:
        break;
    }
  }
  return html;
}

export function renderNode(raw: unknown, ext: ExtensionRenderer): string {
  if (!isObject(raw)) return '';
  const node = raw;
  const attrs = isObject(node.attrs) ? node.attrs : {};
  const inner = () => children(node, ext);
  switch (node.type) {
    case 'doc':
      return inner();
    case 'paragraph':
      return `<p>${inner()}</p>`;
    case 'text':
      return renderText(node);
    case 'hardBreak':
      return '<br>';
    case 'heading': {
      const level = typeof attrs.level === 'number' && attrs.level >= 1 && attrs.level <= 6 ? attrs.level : 2;
      return `<h${level}>${inner()}</h${level}>`;
    }
    case 'bulletList':
      return `<ul>${inner()}</ul>`;
    case 'orderedList':
      return `<ol>${inner()}</ol>`;
    case 'listItem':
      return `<li>${inner()}</li>`;
    case 'taskList':
      return `<ul class="adf-tasks">${inner()}</ul>`;
    case 'taskItem':
      return `<li><input type="checkbox" disabled${attrs.state === 'DONE' ? ' checked' : ''}> ${inner()}</li>`;
    case 'blockquote':
      return `<blockquote>${inner()}</blockquote>`;
    case 'codeBlock':
      return `<pre><code>${inner()}</code></pre>`;
    case 'rule':
      return '<hr>';
    case 'panel':
      return `<div class="adf-panel adf-panel-${esc(str(attrs.panelType) ?? 'info')}">${inner()}</div>`;
    case 'expand':
    case 'nestedExpand':
      return `<details class="adf-expand"><summary>${esc(str(attrs.title) ?? 'Details')}</summary>${inner()}</details>`;
    case 'table':
      return `<div class="adf-table-wrap"><table class="adf-table">${inner()}</table></div>`;
    case 'tableRow':
      return `<tr>${inner()}</tr>`;
    case 'tableHeader':
      return `<th>${inner()}</th>`;
    case 'tableCell':
      return `<td>${inner()}</td>`;
    case 'mention':
      return `<span class="adf-mention">${esc(str(attrs.text) ?? '@someone')}</span>`;
    case 'emoji':
      return esc(str(attrs.text) ?? str(attrs.shortName) ?? '');
    case 'status':
      return `<span class="lozenge lozenge-${esc(str(attrs.color) ?? 'neutral')}">${esc(str(attrs.text) ?? '')}</span>`;
    case 'date': {
      const ts = Number(str(attrs.timestamp));
      return `<time>${Number.isFinite(ts) ? esc(new Date(ts).toISOString().slice(0, 10)) : ''}</time>`;
    }
    case 'inlineCard':
    case 'blockCard':
    case 'embedCard': {
      const url = str(attrs.url) ?? '';
      return `<a class="adf-card" href="${esc(safeHref(url))}">${esc(url)}</a>`;
    }
    case 'mediaSingle':
    case 'mediaGroup':
    case 'media':
      return '<div class="adf-media">[media]</div>';
    case 'extension':
    case 'bodiedExtension':
    case 'inlineExtension': {
      const out = ext(node);
      if (out !== undefined) return out;
      return `<div class="adf-extension">[${esc(str(attrs.extensionKey) ?? 'extension')}]</div>`;
    }
    default:
      return inner();
  }
}

export function renderAdf(doc: unknown, ext: ExtensionRenderer = () => undefined): string {
  return renderNode(doc, ext);
}

/** Visits every node of an ADF document (depth first). */
export function walkAdf(doc: unknown, visit: (node: Record<string, unknown>) => void): void {
  if (!isObject(doc)) return;
  visit(doc);
  if (Array.isArray(doc.content)) for (const c of doc.content) walkAdf(c, visit);
}
