/**
 * Settings group "Process": the postmortem's deadline, the day incidents are tracked from, the day's
 * time zone, what a drafted timeline takes from the incident's comments, the contributing-factor
 * taxonomy and the template every postmortem starts from.
 */
import { ProductLink } from '../../../common/links';
import { FieldError, SelectField, TextField } from '../fields';
import { inputId, move, retitle, rowId, sectionId, timeZones } from '../admin-logic';
import type { GroupProps, Setter } from './types';

export function ProcessGroup({ form, set, errors, agenda }: GroupProps) {
  return (
    <>
      <section className="section card" aria-labelledby="deadlines-title">
        <h2 id="deadlines-title">Deadline and time zone</h2>
        <div className="two-col">
          <TextField
            field="postmortemDeadlineDays"
            label="Postmortem deadline (days after the incident is resolved)"
            help="1–60 days. On time means sent to review by then, whether or not a page exists yet."
            inputMode="numeric"
            value={form.deadlineDays}
            onChange={(v) => set('deadlineDays', v)}
            errors={errors}
          />
          <TextField
            field="timeZone"
            label="Time zone for “today”"
            help="Due dates turn overdue at midnight here. An IANA name, e.g. Europe/Paris."
            list="tz-list"
            value={form.timeZone}
            onChange={(v) => set('timeZone', v)}
            errors={errors}
          />
          <TextField
            field="trackingStartDate"
            label="Track incidents resolved on or after"
            help="Incidents resolved before this day are not chased. Leave it empty to track from the day the app was installed."
            type="date"
            value={form.trackingStartDate}
            onChange={(v) => set('trackingStartDate', v)}
            errors={errors}
          />
          <datalist id="tz-list">
            {timeZones().map((z) => (
              <option key={z} value={z} />
            ))}
          </datalist>
        </div>
      </section>
      <section className="section card" aria-labelledby="review-gate-title">
        <h2 id="review-gate-title">Review and action items</h2>
        <div className="two-col">
          <div className="field">
            <label>
              <input
                id={inputId('review.requireSettledFindings')}
                type="checkbox"
                checked={form.requireSettledFindings}
                onChange={(e) => set('requireSettledFindings', e.currentTarget.checked)}
              />{' '}
              Marking reviewed requires the open findings fixed, or accepted by the reviewer with a note
            </label>
            <FieldError field="review.requireSettledFindings" errors={errors} />
          </div>
          <SelectField
            field="agenda.weekday"
            label="Weekday of the review agenda page"
            help="1 = Monday … 7 = Sunday, in the time zone above. From the send hour that day the app updates one page under the postmortems' parent page, “Postmortem review, week of …”, holding the agenda macro."
            options={['1', '2', '3', '4', '5', '6', '7']}
            value={form.agendaWeekday}
            onChange={(v) => set('agendaWeekday', v)}
            errors={errors}
          />
          <AgendaStatus agenda={agenda} />
          <TextField
            field="dueDatePolicy.weeksByPriority"
            label="Weeks to complete an action item, by priority"
            help="e.g. Highest: 4, High: 4. The form proposes today plus these weeks; a later date needs a reason."
            value={form.duePriorityWeeks}
            onChange={(v) => set('duePriorityWeeks', v)}
            errors={errors}
          />
          <TextField
            field="dueDatePolicy.otherWeeks"
            label="Weeks for every other priority"
            help="1–52 weeks."
            inputMode="numeric"
            value={form.dueOtherWeeks}
            onChange={(v) => set('dueOtherWeeks', v)}
            errors={errors}
          />
        </div>
      </section>
      <section className="section card" aria-labelledby="learning-title">
        <h2 id="learning-title">Learning from incidents</h2>
        <div className="two-col">
          <TextField
            field="timeline.commentMarker"
            label="Only comments starting with this go into a drafted timeline"
            help="e.g. [timeline] (removed from the line). Leave it empty to put every comment of the incident in the timeline. Up to 40 characters."
            value={form.timelineMarker}
            onChange={(v) => set('timelineMarker', v)}
            errors={errors}
          />
          <TextField
            field="contributingFactors"
            label="Contributing factors reviewed postmortems are tagged with"
            help="Separated by commas, e.g. change, capacity, dependency, detection, process. Letters, digits, spaces and dashes; each once; at most 30. The report lists postmortems by factor; removing one here leaves it on the postmortems already tagged."
            value={form.contributingFactors}
            onChange={(v) => set('contributingFactors', v)}
            errors={errors}
            multiline
          />
        </div>
      </section>
      <SectionsEditor form={form} set={set} errors={errors} />
    </>
  );
}

function SectionsEditor({ form, set, errors }: Pick<GroupProps, 'form' | 'set' | 'errors'> & { set: Setter }) {
  const sections = form.sections;
  const update = (i: number, patch: Partial<(typeof sections)[number]>) =>
    set(
      'sections',
      sections.map((x, j) => (j === i ? { ...x, ...patch } : x)),
    );
  const moveTo = (i: number, delta: number) => {
    set('sections', move(sections, i, delta));
    setTimeout(() => document.getElementById(`${inputId(`sections.${i + delta}.title`)}`)?.focus(), 0);
  };
  return (
    <section className="section card" aria-labelledby="template-title">
      <h2 id="template-title">Template sections</h2>
      <p className="subtle">The sections every postmortem starts from, in this order. Required sections must be filled before review.</p>
      <FieldError field="templateSections" errors={errors} />
      <ol className="plain-list">
        {sections.map((s, i) => (
          <li key={s.rowId} className="editor-row" data-testid="section-row">
            <TextField
              field={`sections.${i}.title`}
              label={`Section ${i + 1} title`}
              value={s.title}
              onChange={(title) => set('sections', retitle(sections, i, title))}
              errors={errors}
            />
            <TextField
              field={`sections.${i}.guidance`}
              label="Guidance for the author"
              value={s.guidance}
              onChange={(guidance) => update(i, { guidance })}
              errors={errors}
              multiline
            />
            <div className="row-actions">
              <label>
                <input type="checkbox" checked={s.required} onChange={(e) => update(i, { required: e.currentTarget.checked })} /> Required
              </label>
              <button type="button" onClick={() => moveTo(i, -1)} disabled={i === 0} aria-label={`Move up: ${s.title || 'section'}`}>
                Move up
              </button>
              <button
                type="button"
                onClick={() => moveTo(i, 1)}
                disabled={i === sections.length - 1}
                aria-label={`Move down: ${s.title || 'section'}`}
              >
                Move down
              </button>
              <button
                type="button"
                onClick={() =>
                  set(
                    'sections',
                    sections.filter((_, j) => j !== i),
                  )
                }
                disabled={sections.length <= 1}
                aria-label={`Remove ${s.title || 'section'}`}
              >
                Remove
              </button>
            </div>
          </li>
        ))}
      </ol>
      <button
        type="button"
        onClick={() => {
          const id = sectionId(
            'new section',
            sections.map((s) => s.id),
          );
          set('sections', [
            ...sections,
            { rowId: rowId('section'), id, title: '', guidance: '', required: false, narrative: true, body: 'paragraph', fresh: true },
          ]);
          setTimeout(() => document.getElementById(inputId(`sections.${sections.length}.title`))?.focus(), 0);
        }}
      >
        Add a section
      </button>
    </section>
  );
}

/** The agenda page's last outcome, beside its weekday: the page written (a link), or why not and what to do. */
function AgendaStatus({ agenda }: { agenda: GroupProps['agenda'] }) {
  if (!agenda) {
    return (
      <p className="subtle" data-testid="agenda-status">
        No agenda page yet: it is written on the weekday above, from the send hour.
      </p>
    );
  }
  const when = `${agenda.at.slice(0, 16).replace('T', ' ')} UTC`;
  const ok = agenda.status === 'created' || agenda.status === 'updated' || agenda.status === 'adopted';
  return (
    <div className={ok ? 'message success' : 'message error'} role="status" data-testid="agenda-status">
      <p>
        {agenda.message} <span className="subtle">({when})</span>
      </p>
      {agenda.page && (
        <p>
          <ProductLink href={agenda.page.url}>Open “{agenda.page.title}”</ProductLink>
        </p>
      )}
    </div>
  );
}
