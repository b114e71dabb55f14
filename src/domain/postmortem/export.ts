/**
 * What the macro's `adfExport` function returns: the incident link, the postmortem's status and due
 * date, and its action items, as plain ADF (headings, paragraphs, a table) that PDF and Word
 * exports carry. All text is data from Jira and the page, so it only ever lands in text nodes;
 * links are kept only for http(s) URLs.
 */
import { doc, heading, link, p, strong, table, tableCell, tableHeader, tableRow, text } from '@atlaskit/adf-utils/builders';
import type { BlockContent } from '@atlaskit/adf-schema/block-content';
import type { DocNode } from '@atlaskit/adf-schema';
import type { Inline } from '@atlaskit/adf-schema/inline-content';
import type { PostmortemStatus } from '../../contracts/properties';

export interface ExportActionItem {
  key: string;
  summary: string;
  status: string;
  assigneeName?: string;
  dueDate?: string;
  url?: string;
}

export interface ExportInput {
  incident: { key: string; summary: string; url?: string };
  status: PostmortemStatus;
  dueDate?: string;
  /** "due in 3 days", "late by 2 days" (see timeliness.ts). */
  dueText?: string;
  actionItems: readonly ExportActionItem[];
}

export const STATUS_LABELS: Record<PostmortemStatus, string> = { draft: 'Draft', 'in-review': 'In review', reviewed: 'Reviewed' };
const MAX_TEXT = 1000;
const MAX_ROWS = 500;

function clean(value: unknown, max = MAX_TEXT): string {
  if (typeof value !== 'string') return '';
  const s = value
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/gu, '')
    .replace(/\s+/gu, ' ')
    .trim();
  const wf = s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
  return wf.length > max ? `${wf.slice(0, max - 1)}…` : wf;
}

function safeUrl(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > 2000) return undefined;
  try {
    const u = new URL(value);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.toString() : undefined;
  } catch {
    return undefined;
  }
}

/** Text, linked when the URL is http(s); nothing for empty text. */
function t(value: unknown, url?: unknown): Inline[] {
  const s = clean(value);
  if (!s) return [];
  const href = safeUrl(url);
  return [href ? (link({ href })(s) as Inline) : text(s)];
}

function cell(value: unknown, url?: unknown) {
  return tableCell()(p(...t(value, url)));
}

/** The ADF export of the Postmortem macro. */
export function buildExportAdf(input: ExportInput): DocNode {
  const key = clean(input.incident?.key, 40) || 'the incident';
  const content: BlockContent[] = [
    heading({ level: 3 })(text(`Postmortem for ${key}`)),
    p(
      strong('Incident: ') as Inline,
      ...t(key, input.incident?.url),
      ...t(input.incident?.summary ? ` ${clean(input.incident.summary)}` : ''),
    ),
    p(strong('Status: ') as Inline, text(STATUS_LABELS[input.status] ?? 'Unknown')),
  ];
  const due = clean(input.dueDate, 10);
  const dueText = clean(input.dueText, 60);
  if (due) content.push(p(strong('Due: ') as Inline, text(dueText ? `${due} (${dueText})` : due)));
  content.push(heading({ level: 4 })(text('Action items')));
  const items = Array.isArray(input.actionItems) ? input.actionItems.slice(0, MAX_ROWS) : [];
  if (items.length === 0) content.push(p('No action items yet.'));
  else
    content.push(
      table(
        tableRow(['Key', 'Summary', 'Status', 'Assignee', 'Due date'].map((h) => tableHeader()(p(h)))),
        ...items.map((item) =>
          tableRow([
            cell(item?.key, item?.url),
            cell(item?.summary),
            cell(item?.status),
            cell(item?.assigneeName || 'Unassigned'),
            cell(item?.dueDate || 'No due date'),
          ]),
        ),
      ),
    );
  if (Array.isArray(input.actionItems) && input.actionItems.length > MAX_ROWS)
    content.push(p(`…and ${input.actionItems.length - MAX_ROWS} more action items.`));
  return doc(...content);
}
