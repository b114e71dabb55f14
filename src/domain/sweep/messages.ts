/**
 * The words of the sweep's mails: subject, plain-text body and HTML body. Every piece of product
 * text (keys, summaries, names, titles, dates) is made visible text first (`oneLine`: no control,
 * line-break, invisible or direction-changing characters such as U+202E RIGHT-TO-LEFT OVERRIDE),
 * every URL must be a safe absolute http(s) URL (`safeUrl`) or is left out; HTML is built only
 * through the escaping `html` template.
 */
import { describeDue, type DueState } from '../dates';
import { html, joinHtml, link, oneLine, safeUrl, type SafeHtml } from '../html';

export interface RenderedMail {
  subject: string;
  textBody: string;
  htmlBody: string;
}

const SUBJECT_MAX = 200;
const SUMMARY_IN_SUBJECT = 80;

/** `https://site/browse/KEY` for an issue. */
export function issueUrl(siteUrl: string, key: string): string {
  return `${siteUrl.replace(/\/+$/, '')}/browse/${encodeURIComponent(key)}`;
}

function subject(text: string): string {
  return oneLine(text, SUBJECT_MAX);
}

function textLines(lines: readonly (string | undefined | false)[]): string {
  return lines.filter((l): l is string => typeof l === 'string').join('\n');
}

function htmlDoc(body: SafeHtml): string {
  return html`<div style="font-family: -apple-system, 'Segoe UI', Roboto, Arial, sans-serif; font-size: 14px; color: #172B4D">
    ${body}
    <p style="color: #6B778C; font-size: 12px">Sent by Postmortems for Confluence and Jira.</p>
  </div>`
    .toString()
    .replace(/\s*\n\s*/g, ' '); // the template's own line breaks (product text is one line already)
}

export interface ItemRef {
  key: string;
  summary: string;
  dueDate: string | null;
  incidentKey: string | null;
  postmortemUrl: string | null;
}

/** A key or date from product data, as mail shows it. */
const KEY_MAX = 40;
const plain = (text: string, max = KEY_MAX) => oneLine(text, max);

function cleanItem(item: ItemRef): ItemRef {
  return {
    key: plain(item.key),
    summary: oneLine(item.summary),
    dueDate: item.dueDate === null ? null : plain(item.dueDate),
    incidentKey: item.incidentKey === null ? null : plain(item.incidentKey),
    postmortemUrl: safeUrl(item.postmortemUrl) ?? null,
  };
}

function contextText(siteUrl: string, item: ItemRef): (string | undefined)[] {
  return [
    `Action item: ${issueUrl(siteUrl, item.key)}`,
    item.incidentKey ? `Incident: ${item.incidentKey} ${issueUrl(siteUrl, item.incidentKey)}` : undefined,
    item.postmortemUrl ? `Postmortem: ${item.postmortemUrl}` : undefined,
  ];
}

function contextHtml(siteUrl: string, item: ItemRef): SafeHtml {
  return html`<p>${link(issueUrl(siteUrl, item.key), `Open ${item.key}`)}${
    item.incidentKey ? html` · incident ${link(issueUrl(siteUrl, item.incidentKey), item.incidentKey)}` : ''
  }${item.postmortemUrl ? html` · ${link(item.postmortemUrl, 'postmortem')}` : ''}</p>`;
}

/** Reminder to the assignee (or, for an unassigned item, to its reporter). */
export function reminderMail(siteUrl: string, input: ItemRef, state: DueState, unowned: boolean): RenderedMail {
  const item = cleanItem(input);
  const due = describeDue(state);
  const summary = oneLine(item.summary);
  const dueDate = item.dueDate ?? '';
  if (unowned) {
    return {
      subject: subject(`${item.key} has no owner and is ${due}: ${oneLine(item.summary, SUMMARY_IN_SUBJECT)}`),
      textBody: textLines([
        `The postmortem action item ${item.key} "${summary}" has no owner and is ${due} (${dueDate}).`,
        'You reported it: please assign it to the person who will do it.',
        '',
        ...contextText(siteUrl, item),
      ]),
      htmlBody: htmlDoc(
        html`<p>The postmortem action item <b>${item.key}</b> “${summary}” <b>has no owner</b> and is ${due} (${dueDate}).</p><p>You reported it: please assign it to the person who will do it.</p>${contextHtml(siteUrl, item)}`,
      ),
    };
  }
  return {
    subject: subject(`${item.key} is ${due}: ${oneLine(item.summary, SUMMARY_IN_SUBJECT)}`),
    textBody: textLines([
      `Your postmortem action item ${item.key} "${summary}" is ${due} (${dueDate}).`,
      'If the date cannot hold, agree a new one with your team and change the due date.',
      '',
      ...contextText(siteUrl, item),
    ]),
    htmlBody: htmlDoc(
      html`<p>Your postmortem action item <b>${item.key}</b> “${summary}” is <b>${due}</b> (${dueDate}).</p><p>If the date cannot hold, agree a new one with your team and change the due date.</p>${contextHtml(siteUrl, item)}`,
    ),
  };
}

/** The single notice for an item without a due date, to its reporter and assignee. */
export function missingDueDateMail(siteUrl: string, input: ItemRef): RenderedMail {
  const item = cleanItem(input);
  const summary = oneLine(item.summary);
  return {
    subject: subject(`${item.key} needs a due date: ${oneLine(item.summary, SUMMARY_IN_SUBJECT)}`),
    textBody: textLines([
      `The postmortem action item ${item.key} "${summary}" has no due date.`,
      'Every action item needs one so that its owner is reminded before it is late: please agree a date with your team and set it.',
      '',
      ...contextText(siteUrl, item),
    ]),
    htmlBody: htmlDoc(
      html`<p>The postmortem action item <b>${item.key}</b> “${summary}” <b>has no due date</b>.</p><p>Every action item needs one so that its owner is reminded before it is late: please agree a date with your team and set it.</p>${contextHtml(siteUrl, item)}`,
    ),
  };
}

export interface PostmortemRef {
  incidentKey: string;
  /** The page's title; for an incident without a page, the incident's summary. */
  pageTitle: string;
  pageUrl: string;
  /** False for an incident tracked from resolution that has no postmortem page yet. */
  hasPage?: boolean;
  dueDate: string;
}

function cleanRef(input: PostmortemRef): PostmortemRef {
  return {
    incidentKey: plain(input.incidentKey),
    pageTitle: oneLine(input.pageTitle),
    pageUrl: safeUrl(input.pageUrl) ?? '',
    hasPage: input.hasPage !== false,
    dueDate: plain(input.dueDate),
  };
}

/** Reminder to the postmortem's owner before its due date (to the incident's assignee before a page exists). */
export function postmortemReminderMail(siteUrl: string, input: PostmortemRef, state: DueState): RenderedMail {
  const pm = cleanRef(input);
  const due = describeDue(state);
  const title = oneLine(pm.pageTitle);
  const incidentUrl = issueUrl(siteUrl, pm.incidentKey);
  if (!pm.hasPage) {
    return {
      subject: subject(`Postmortem for ${pm.incidentKey} is ${due}: ${oneLine(pm.pageTitle, SUMMARY_IN_SUBJECT)}`),
      textBody: textLines([
        `Incident ${pm.incidentKey} "${title}" is resolved. Its postmortem is ${due} (${pm.dueDate}), and nobody has started it yet.`,
        'Open the incident, create the postmortem page from its Postmortem panel, write it with the team, and send it to review by the due date.',
        '',
        `Incident: ${pm.incidentKey} ${incidentUrl}`,
      ]),
      htmlBody: htmlDoc(
        html`<p>
            Incident ${link(incidentUrl, pm.incidentKey)} “${title}” is resolved. Its postmortem is <b>${due}</b> (${pm.dueDate}), and
            nobody has started it yet.
          </p>
          <p>
            Open the incident, create the postmortem page from its Postmortem panel, write it with the team, and send it to review by the
            due date.
          </p>`,
      ),
    };
  }
  return {
    subject: subject(`Postmortem for ${pm.incidentKey} is ${due}: ${oneLine(pm.pageTitle, SUMMARY_IN_SUBJECT)}`),
    textBody: textLines([
      `The postmortem "${title}" for incident ${pm.incidentKey} is ${due} (${pm.dueDate}).`,
      'When it is written, set its status to "In review" so it joins the review queue.',
      '',
      pm.pageUrl ? `Postmortem: ${pm.pageUrl}` : undefined,
      `Incident: ${pm.incidentKey} ${issueUrl(siteUrl, pm.incidentKey)}`,
    ]),
    htmlBody: htmlDoc(
      html`<p>The postmortem ${link(pm.pageUrl, html`<b>${title}</b>`)} for incident ${link(issueUrl(siteUrl, pm.incidentKey), pm.incidentKey)} is <b>${due}</b> (${pm.dueDate}).</p><p>When it is written, set its status to “In review” so it joins the review queue.</p>`,
    ),
  };
}

/**
 * To a late postmortem's owner, at each stage its managers are told: it is late, who else was
 * told, and what to do.
 */
export function postmortemLateMail(siteUrl: string, input: PostmortemRef, state: DueState, projectKey: string): RenderedMail {
  const pm = cleanRef(input);
  const late = describeDue(state, 'late by');
  const title = oneLine(pm.pageTitle);
  const project = plain(projectKey, 20);
  const incidentUrl = issueUrl(siteUrl, pm.incidentKey);
  const what = pm.hasPage
    ? `The postmortem "${title}" for incident ${pm.incidentKey} was due on ${pm.dueDate} and has not been sent to review: it is ${late}.`
    : `The postmortem for incident ${pm.incidentKey} "${title}" was due on ${pm.dueDate} and no page exists yet: it is ${late}.`;
  const todo = pm.hasPage
    ? 'Please finish it and send it to review, or tell your manager when it will be ready.'
    : 'Please create it from the incident’s Postmortem panel, or tell your manager who will write it.';
  return {
    subject: subject(`Your postmortem for ${pm.incidentKey} is ${late}`),
    textBody: textLines([
      what,
      `The managers of project ${project} have been told as well.`,
      todo,
      '',
      pm.pageUrl ? `Postmortem: ${pm.pageUrl}` : undefined,
      `Incident: ${pm.incidentKey} ${incidentUrl}`,
    ]),
    htmlBody: htmlDoc(
      html`<p>${what}</p>
        <p>The managers of project ${project} have been told as well.</p>
        <p>${todo}</p>
        <p>${pm.pageUrl ? html`${link(pm.pageUrl, 'Open the postmortem')} · ` : ''}${link(incidentUrl, `Open ${pm.incidentKey}`)}</p>`,
    ),
  };
}

/** One line of an escalation mail. */
export type EscalationLine =
  | {
      kind: 'item';
      key: string;
      summary: string;
      assigneeName: string | null;
      dueDate: string;
      overdueDays: number;
    }
  | {
      kind: 'postmortem';
      incidentKey: string;
      pageTitle: string;
      pageUrl: string;
      /** False when no page exists yet (the title is then the incident's summary). */
      hasPage?: boolean;
      dueDate: string;
      overdueDays: number;
    };

export interface EscalationMailInput {
  /** The incident, or null for an action item linked to no incident. */
  incidentKey: string | null;
  postmortemUrl: string | null;
  /** Lines that reached a new escalation stage in this sweep. */
  now: readonly EscalationLine[];
  /** Other overdue lines of the same incident for the same recipients (already escalated). */
  still: readonly EscalationLine[];
  /** Set when the reader gets it as a second-tier contact: the projects whose managers were told first, and from which overdue day. */
  secondTier?: { projectKeys: readonly string[]; afterDays: number };
  /**
   * When `now` and `still` are only the first lines of more (an incident merged in pages,
   * ./digest.ts): every line, how many of them are action items, and whether the postmortem is one.
   */
  total?: { lines: number; items: number; postmortem: boolean };
}

function cleanLine(l: EscalationLine): EscalationLine {
  return l.kind === 'postmortem'
    ? {
        ...l,
        incidentKey: plain(l.incidentKey),
        pageTitle: oneLine(l.pageTitle),
        pageUrl: safeUrl(l.pageUrl) ?? '',
        dueDate: plain(l.dueDate),
      }
    : {
        ...l,
        key: plain(l.key),
        summary: oneLine(l.summary),
        assigneeName: l.assigneeName === null ? null : oneLine(l.assigneeName, 80),
        dueDate: plain(l.dueDate),
      };
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function lineText(siteUrl: string, l: EscalationLine): string {
  if (l.kind === 'postmortem') {
    if (l.hasPage === false) {
      return `- Postmortem for ${l.incidentKey} "${oneLine(l.pageTitle)}": due ${l.dueDate}, late by ${plural(l.overdueDays, 'day', 'days')}, no page yet. ${issueUrl(siteUrl, l.incidentKey)}`;
    }
    return `- Postmortem "${oneLine(l.pageTitle)}": due ${l.dueDate}, late by ${plural(l.overdueDays, 'day', 'days')}, not yet in review.${l.pageUrl ? ` ${l.pageUrl}` : ''}`;
  }
  return `- ${l.key} "${oneLine(l.summary)}": ${l.assigneeName ? `assigned to ${oneLine(l.assigneeName, 80)}` : 'unassigned'}, due ${l.dueDate}, overdue by ${plural(l.overdueDays, 'day', 'days')}. ${issueUrl(siteUrl, l.key)}`;
}

function lineRow(siteUrl: string, l: EscalationLine): SafeHtml {
  if (l.kind === 'postmortem') {
    return html`<tr><td>${l.hasPage === false ? link(issueUrl(siteUrl, l.incidentKey), `Postmortem for ${l.incidentKey}`) : link(l.pageUrl, 'Postmortem')}</td><td>${oneLine(l.pageTitle)}</td><td>${l.hasPage === false ? 'no page yet' : 'not yet in review'}</td><td>${l.dueDate}</td><td>${plural(l.overdueDays, 'day', 'days')}</td></tr>`;
  }
  return html`<tr><td>${link(issueUrl(siteUrl, l.key), l.key)}</td><td>${oneLine(l.summary)}</td><td>${
    l.assigneeName ? oneLine(l.assigneeName, 80) : html`<i>unassigned</i>`
  }</td><td>${l.dueDate}</td><td>${plural(l.overdueDays, 'day', 'days')}</td></tr>`;
}

function table(siteUrl: string, lines: readonly EscalationLine[]): SafeHtml {
  return html`<table cellpadding="4" style="border-collapse: collapse"><thead><tr><th align="left">Item</th><th align="left">Summary</th><th align="left">Assignee</th><th align="left">Due</th><th align="left">Overdue</th></tr></thead><tbody>${joinHtml(
    lines.map((l) => lineRow(siteUrl, l)),
  )}</tbody></table>`;
}

function describeNow(lines: readonly EscalationLine[]): string {
  return describeCounts(
    lines.filter((l) => l.kind === 'item').length,
    lines.some((l) => l.kind === 'postmortem'),
  );
}

function describeCounts(items: number, pm: boolean): string {
  const parts: string[] = [];
  if (pm) parts.push('the postmortem is late');
  if (items > 0) parts.push(`${plural(items, 'action item is', 'action items are')} overdue`);
  return parts.join(' and ');
}

/**
 * Lines one escalation mail lists at most: a merged incident may have thousands of overdue items
 * (docs/decisions/0012-sweep-within-storage-quotas.md); its subject still counts them all.
 */
export const MAX_LISTED_LINES = 200;

/** The per-incident escalation mail to managers (and second-tier contacts). */
export function escalationMail(siteUrl: string, raw: EscalationMailInput): RenderedMail {
  const input: EscalationMailInput = {
    incidentKey: raw.incidentKey === null ? null : plain(raw.incidentKey),
    postmortemUrl: safeUrl(raw.postmortemUrl) ?? null,
    now: raw.now.map(cleanLine),
    still: raw.still.map(cleanLine),
    ...(raw.secondTier ? { secondTier: raw.secondTier } : {}),
  };
  const first = input.now[0];
  const subjectKey = input.incidentKey ?? (first?.kind === 'item' ? first.key : first?.kind === 'postmortem' ? first.incidentKey : '');
  // The subject counts what the body lists: the new lines and those still overdue.
  const what = raw.total ? describeCounts(raw.total.items, raw.total.postmortem) : describeNow([...input.now, ...input.still]);
  const context = input.incidentKey ? `incident ${input.incidentKey}` : `an action item linked to no incident`;
  const tier = input.secondTier
    ? {
        projects: input.secondTier.projectKeys.map((k) => plain(k, 20)).join(', '),
        after: plural(input.secondTier.afterDays, 'day', 'days'),
      }
    : undefined;
  const intro = `${tier ? 'Second-tier escalation' : 'Escalation'}: for ${context}, ${what}.`;
  const why = tier
    ? `This is a second-tier escalation: you get it because these have been overdue for ${tier.after} or more. The managers of ${tier.projects} were told first, when each fell overdue, and are told again every time it stays overdue.`
    : 'You are receiving this as an escalation contact for the project (its manager, or its lead when no manager is set). Please follow up with the owners.';
  // One mail lists an incident's overdue subjects up to MAX_LISTED_LINES; the rest are counted.
  const now = input.now.slice(0, MAX_LISTED_LINES);
  const still = input.still.slice(0, MAX_LISTED_LINES - now.length);
  const unlisted = Math.max(input.now.length + input.still.length, raw.total?.lines ?? 0) - now.length - still.length;
  const more =
    unlisted > 0
      ? `…and ${plural(unlisted, 'more overdue line', 'more overdue lines')} not listed here${input.incidentKey ? `: the Postmortem panel of ${input.incidentKey} in Jira lists every action item` : ''}.`
      : undefined;
  const textBody = textLines([
    intro,
    why,
    '',
    ...now.map((l) => lineText(siteUrl, l)),
    still.length > 0 && '',
    still.length > 0 && 'Still overdue (escalated before):',
    ...still.map((l) => lineText(siteUrl, l)),
    more !== undefined && '',
    more,
    '',
    input.incidentKey ? `Incident: ${input.incidentKey} ${issueUrl(siteUrl, input.incidentKey)}` : undefined,
    input.postmortemUrl ? `Postmortem: ${input.postmortemUrl}` : undefined,
  ]);
  const htmlBody = htmlDoc(
    html`<p><b>${tier ? 'Second-tier escalation' : 'Escalation'}:</b> for ${
      input.incidentKey ? html`incident ${link(issueUrl(siteUrl, input.incidentKey), input.incidentKey)}` : context
    }, ${what}.</p><p>${why}</p>${table(siteUrl, now)}${
      still.length > 0 ? html`<p>Still overdue (escalated before):</p>${table(siteUrl, still)}` : ''
    }${more ? html`<p>${more}</p>` : ''}${input.postmortemUrl ? html`<p>${link(input.postmortemUrl, 'Open the postmortem')}</p>` : ''}`,
  );
  return { subject: subject(`${tier ? 'Second-tier escalation' : 'Escalation'} for ${subjectKey}: ${what}`), textBody, htmlBody };
}
