/** The settings change log's entries: what changed between two settings, labelled for people. Pure. */
import type { SettingsFieldChange } from '../../contracts/admin';
import type { Settings } from '../../contracts/settings';

const LABELS: Array<[RegExp, string]> = [
  [/^incidentFilter\.issueTypes$/, 'Incident issue types'],
  [/^incidentFilter\.projectKeys$/, 'Incident projects'],
  [/^actionItems\.projectKeys$/, 'Action-item projects'],
  [/^actionItems\.defaultProjectKey$/, 'Default action-item project'],
  [/^actionItems\.issueType$/, 'Action-item issue type'],
  [/^linkType$/, 'Link type'],
  [/^postmortemDeadlineDays$/, 'Postmortem deadline (days)'],
  [/^reminderOffsets$/, 'Reminder offsets (days before due)'],
  [/^postmortemReminderOffsets$/, 'Postmortem reminder offsets'],
  [/^escalation\.repeatDays$/, 'Escalation repeat (days)'],
  [/^escalation\.secondTierAfterDays$/, 'Second tier after (days overdue)'],
  [/^confluence\.spaceKey$/, 'Confluence space'],
  [/^confluence\.parentPageId$/, 'Parent page'],
  [/^templateSections$/, 'Template section order'],
  [/^timeZone$/, 'Time zone'],
  [/^trackingStartDate$/, 'Track incidents resolved on or after'],
  [/^postmortemOwnerRole$/, 'Reminded before a postmortem page exists'],
  [/^reviewers\.accountIds$/, 'Reviewers'],
  [/^reviewers\.groupName$/, 'Reviewer group'],
  [/^sendHour$/, 'Send mails at (hour)'],
  [/^timeline\.commentMarker$/, 'Timeline comment marker'],
  [/^contributingFactors$/, 'Contributing factors'],
];

function labelOf(path: string): string {
  const contacts = /^escalationContacts\.([^.]+)\.(managers|secondTier)$/.exec(path);
  if (contacts) return `${contacts[2] === 'managers' ? 'Escalation contacts' : 'Second-tier contacts'} for ${contacts[1]}`;
  const section = /^templateSections\.(.+)$/.exec(path);
  if (section) return `Template section "${section[1]}"`;
  const term = /^glossary\.(.+)$/.exec(path);
  if (term) return `Glossary term "${term[1]}"`;
  return LABELS.find(([re]) => re.test(path))?.[1] ?? path;
}

const clip = (s: string) => (s.length > 300 ? `${s.slice(0, 299)}…` : s);

/** Settings flattened to path → short text, at the granularity the history shows. */
export function flattenSettings(s: Settings, people: Readonly<Record<string, string>> = {}): Map<string, string> {
  const out = new Map<string, string>();
  const list = (xs: readonly (string | number)[]) => xs.join(', ');
  const names = (ids: readonly string[]) => ids.map((id) => people[id] ?? id).join(', ');
  out.set('incidentFilter.issueTypes', list(s.incidentFilter.issueTypes));
  out.set('incidentFilter.projectKeys', list(s.incidentFilter.projectKeys));
  out.set('actionItems.projectKeys', list(s.actionItems.projectKeys));
  out.set('actionItems.defaultProjectKey', s.actionItems.defaultProjectKey ?? '');
  out.set('actionItems.issueType', s.actionItems.issueType);
  out.set('linkType', s.linkType);
  out.set('postmortemDeadlineDays', String(s.postmortemDeadlineDays));
  out.set('reminderOffsets', list(s.reminderOffsets));
  out.set('postmortemReminderOffsets', list(s.postmortemReminderOffsets));
  out.set('escalation.repeatDays', String(s.escalation.repeatDays));
  out.set('escalation.secondTierAfterDays', String(s.escalation.secondTierAfterDays));
  for (const [key, c] of Object.entries(s.escalationContacts)) {
    if (c.managers.length) out.set(`escalationContacts.${key}.managers`, names(c.managers));
    if (c.secondTier.length) out.set(`escalationContacts.${key}.secondTier`, names(c.secondTier));
  }
  out.set('confluence.spaceKey', s.confluence.spaceKey ?? '');
  out.set('confluence.parentPageId', s.confluence.parentPageId ?? '');
  out.set('templateSections', list(s.templateSections.map((t) => t.id)));
  for (const t of s.templateSections) out.set(`templateSections.${t.id}`, `${t.title}${t.required ? ' (required)' : ''}: ${t.guidance}`);
  for (const g of s.glossary) out.set(`glossary.${g.term}`, g.description);
  out.set('timeZone', s.timeZone);
  out.set('trackingStartDate', s.trackingStartDate ?? '');
  out.set('postmortemOwnerRole', s.postmortemOwnerRole);
  out.set('reviewers.accountIds', names(s.reviewers.accountIds));
  out.set('reviewers.groupName', s.reviewers.groupName ?? '');
  out.set('sendHour', String(s.sendHour));
  out.set('timeline.commentMarker', s.timeline.commentMarker);
  out.set('contributingFactors', list(s.contributingFactors));
  return out;
}

/** What changed between two settings, for the history (at most 40 listed; `more` counts the rest). */
export function describeChanges(
  before: Settings,
  after: Settings,
  people: Readonly<Record<string, string>> = {},
): { changes: SettingsFieldChange[]; more: number } {
  const a = flattenSettings(before, people);
  const b = flattenSettings(after, people);
  const paths = [...new Set([...a.keys(), ...b.keys()])];
  const changes: SettingsFieldChange[] = [];
  for (const path of paths) {
    const x = a.get(path) ?? '';
    const y = b.get(path) ?? '';
    if (x !== y) changes.push({ path: clip(path), label: clip(labelOf(path)), before: clip(x), after: clip(y) });
  }
  return { changes: changes.slice(0, 40), more: Math.max(0, changes.length - 40) };
}
