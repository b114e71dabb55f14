/**
 * Settings group "Notifications": reminders before due dates (and who is reminded of a postmortem
 * before its page exists), escalation of overdue items and who is told, the reviewers.
 */
import { previewOffsets, SelectField, TextField, FieldError } from '../fields';
import { rowId } from '../admin-logic';
import { ProjectPicker, UserPicker } from '../pickers';
import type { GroupProps } from './types';

const HOURS = Array.from({ length: 24 }, (_, h) => String(h));
const HOUR_LABELS = Object.fromEntries(HOURS.map((h) => [h, `${h.padStart(2, '0')}:00`]));

export function NotificationsGroup({ form, set, errors, api, known, onKnown }: GroupProps) {
  const leads = new Map(known.map((p) => [p.key, p]));
  return (
    <>
      <section className="section card" aria-labelledby="reminders-title">
        <h2 id="reminders-title">Reminders</h2>
        <div className="two-col">
          <TextField
            field="reminderOffsets"
            label="Action-item reminders (days before the due date)"
            help={`0–60, separated by commas. ${previewOffsets(form.reminderOffsets)}`}
            value={form.reminderOffsets}
            onChange={(v) => set('reminderOffsets', v)}
            errors={errors}
          />
          <TextField
            field="postmortemReminderOffsets"
            label="Postmortem reminders (days before its due date)"
            help={`0–60, separated by commas; empty for none. ${previewOffsets(form.postmortemReminderOffsets)}`}
            value={form.postmortemReminderOffsets}
            onChange={(v) => set('postmortemReminderOffsets', v)}
            errors={errors}
          />
          <SelectField
            field="sendHour"
            label="Send reminders and escalations at"
            help="Once a day, from this hour of the site’s day (the time zone under Process). The sweep starts at the first hourly run at or after it."
            options={HOURS}
            labels={HOUR_LABELS}
            value={form.sendHour}
            onChange={(v) => set('sendHour', v)}
            errors={errors}
          />
          <SelectField
            field="postmortemOwnerRole"
            label="Reminded of a postmortem before its page exists"
            help="Once a page exists, its owner is reminded. When the postmortem is late, this person is told along with the managers."
            options={['assignee', 'reporter']}
            labels={{ assignee: 'The incident’s assignee', reporter: 'The incident’s reporter' }}
            value={form.postmortemOwnerRole}
            onChange={(v) => set('postmortemOwnerRole', v === 'reporter' ? 'reporter' : 'assignee')}
            errors={errors}
          />
        </div>
      </section>

      <section className="section card" aria-labelledby="reviewers-title">
        <h2 id="reviewers-title">Reviewers</h2>
        <p className="subtle">
          The people and the Jira group who run the postmortem review meeting. They get a mail when a postmortem enters the review queue,
          with its open findings and the author’s reason (Jira mails only those who may see the incident). With nobody set, nobody is told.
        </p>
        <div className="two-col">
          <UserPicker
            field="reviewers.accountIds"
            label="Reviewers"
            people={form.reviewers}
            onChange={(reviewers) => set('reviewers', reviewers)}
            api={api}
            errors={errors}
          />
          <TextField
            field="reviewers.groupName"
            label="Reviewer group (Jira group name)"
            help="Optional: every member of this Jira group, e.g. postmortem-reviewers."
            value={form.reviewerGroup}
            onChange={(v) => set('reviewerGroup', v)}
            errors={errors}
          />
        </div>
      </section>

      <section className="section card" aria-labelledby="escalation-title">
        <h2 id="escalation-title">Escalation</h2>
        <div className="two-col">
          <TextField
            field="escalation.repeatDays"
            label="Repeat the escalation every (days)"
            help="0–60; 0 escalates once."
            inputMode="numeric"
            value={form.repeatDays}
            onChange={(v) => set('repeatDays', v)}
            errors={errors}
          />
          <TextField
            field="escalation.secondTierAfterDays"
            label="Tell the second tier after (days overdue)"
            help="1–365."
            inputMode="numeric"
            value={form.secondTierAfterDays}
            onChange={(v) => set('secondTierAfterDays', v)}
            errors={errors}
          />
        </div>
        <h3>Escalation contacts per project</h3>
        <p className="subtle">
          Who is told when a project’s action items are overdue. A project without contacts falls back to its project lead.
        </p>
        {form.contacts.length === 0 && (
          <p className="empty">No contacts set: every project’s lead is told. Add a project to name its managers.</p>
        )}
        <FieldError field="escalationContacts" errors={errors} />
        {form.contacts.map((c, i) => {
          const lead = leads.get(c.projectKey.trim().toUpperCase())?.lead;
          const update = (patch: Partial<typeof c>) =>
            set(
              'contacts',
              form.contacts.map((x, j) => (j === i ? { ...x, ...patch } : x)),
            );
          return (
            <div
              key={c.rowId}
              className="editor-row"
              role="group"
              aria-label={`Escalation contacts for ${c.projectKey || `new row ${i + 1}`}`}
              data-testid="contacts-row"
            >
              <ProjectPicker
                field={`contacts.${i}.projectKey`}
                value={c.projectKey}
                onChange={(p) => {
                  onKnown(p);
                  update({ projectKey: p.key });
                }}
                api={api}
                errors={errors}
              />
              {lead && <p className="help">Project lead (the fallback): {lead.displayName}</p>}
              <UserPicker
                field={`contacts.${i}.managers`}
                label="Managers"
                people={c.managers}
                onChange={(managers) => update({ managers })}
                api={api}
                errors={errors}
              />
              <UserPicker
                field={`contacts.${i}.secondTier`}
                label="Second tier"
                people={c.secondTier}
                onChange={(secondTier) => update({ secondTier })}
                api={api}
                errors={errors}
              />
              <div className="row-actions">
                <button
                  type="button"
                  onClick={() =>
                    set(
                      'contacts',
                      form.contacts.filter((_, j) => j !== i),
                    )
                  }
                >
                  Remove contacts for {c.projectKey || 'this row'}
                </button>
              </div>
            </div>
          );
        })}
        <button
          type="button"
          onClick={() => set('contacts', [...form.contacts, { rowId: rowId('contacts'), projectKey: '', managers: [], secondTier: [] }])}
        >
          Add a project
        </button>
      </section>
    </>
  );
}
