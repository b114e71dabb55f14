import type { Envelope } from '../../../src/contracts/resolver';
import type { AdminOverview } from '../../../src/contracts/admin';
import { ErrorMessage, Loading, Lozenge, useLoad } from '../../shared/ui';

export interface AdminApi {
  getOverview(): Promise<Envelope<AdminOverview>>;
}

export function AdminApp({ api }: { api: AdminApi }) {
  const [load, reload] = useLoad(api.getOverview);
  return (
    <main aria-labelledby="admin-title">
      <h1 id="admin-title">Postmortem settings</h1>
      <p className="subtle">How your company runs postmortems: which issues are incidents, deadlines, reminders, escalation contacts, the template and the glossary.</p>
      {load.state === 'loading' && <Loading what="the settings" />}
      {load.state === 'error' && <ErrorMessage error={load.error} onRetry={reload} />}
      {load.state === 'ready' && (
        <>
          {!load.data.canEdit && <p className="message info">Only Jira administrators can change these settings.</p>}
          {load.data.invalid && <p className="message error">The stored settings could not be read, so the defaults apply. Save the settings again to fix this.</p>}
          {!load.data.stored && <p className="message info">No settings saved yet: the defaults below apply.</p>}
          <section className="section card" aria-labelledby="process-title">
            <h2 id="process-title">Process</h2>
            <dl className="facts">
              <dt>Incident issue types</dt>
              <dd>{load.data.settings.incidentFilter.issueTypes.join(', ')}</dd>
              <dt>Postmortem due</dt>
              <dd>{load.data.settings.postmortemDeadlineDays} days after the incident</dd>
              <dt>Reminders</dt>
              <dd>{load.data.settings.reminderOffsets.map((d) => (d === 0 ? 'on the due date' : `${d} days before`)).join(', ')}</dd>
              <dt>Escalation</dt>
              <dd>
                {load.data.settings.escalation.repeatDays === 0 ? 'once' : `every ${load.data.settings.escalation.repeatDays} days`} while overdue; second tier after{' '}
                {load.data.settings.escalation.secondTierAfterDays} days
              </dd>
              <dt>Time zone</dt>
              <dd>{load.data.settings.timeZone}</dd>
            </dl>
          </section>
          <section className="section card" aria-labelledby="template-title">
            <h2 id="template-title">Template sections</h2>
            <ol>
              {load.data.settings.templateSections.map((s) => (
                <li key={s.id}>
                  {s.title} {s.required && <Lozenge tone="info">Required</Lozenge>}
                </li>
              ))}
            </ol>
          </section>
        </>
      )}
    </main>
  );
}
