import type { Envelope } from '../../../src/contracts/resolver';
import type { MacroOverview } from '../../../src/contracts/macro';
import { dueTone, ErrorMessage, Loading, Lozenge, STATUS_LABEL, STATUS_TONE, useLoad } from '../../shared/ui';

export interface MacroApi {
  getOverview(): Promise<Envelope<MacroOverview>>;
}

export function MacroApp({ api }: { api: MacroApi }) {
  const [load, reload] = useLoad(api.getOverview);
  return (
    <main aria-labelledby="pm-title">
      <h1 id="pm-title">Postmortem</h1>
      {load.state === 'loading' && <Loading what="the postmortem" />}
      {load.state === 'error' && <ErrorMessage error={load.error} onRetry={reload} />}
      {load.state === 'ready' && !load.data.link && (
        <div className="message info">
          <p>
            <strong>This page is not linked to an incident yet.</strong>
          </p>
          <p>Edit the macro and pick the incident this postmortem is about. The app then tracks its due date, its review and its action items.</p>
        </div>
      )}
      {load.state === 'ready' && load.data.link && (
        <section className="card" aria-label="Incident and postmortem">
          <dl className="facts">
            <dt>Incident</dt>
            <dd>
              {load.data.link.incident ? (
                <>
                  <a href={load.data.link.incident.url} target="_top">
                    {load.data.link.incident.key}
                  </a>{' '}
                  {load.data.link.incident.summary} <Lozenge>{load.data.link.incident.status}</Lozenge>
                  {load.data.link.incident.priority && <span className="subtle"> · Priority {load.data.link.incident.priority}</span>}
                </>
              ) : (
                <>
                  {load.data.link.postmortem.incidentKey} <span className="subtle">(you do not have permission to see this incident)</span>
                </>
              )}
            </dd>
            <dt>Incident date</dt>
            <dd>{load.data.link.postmortem.incidentDate}</dd>
            <dt>Due</dt>
            <dd>
              {load.data.link.postmortem.dueDate} <Lozenge tone={dueTone(load.data.link.due)}>{load.data.link.due}</Lozenge>
            </dd>
            <dt>Review</dt>
            <dd>
              <Lozenge tone={STATUS_TONE[load.data.link.postmortem.status]}>{STATUS_LABEL[load.data.link.postmortem.status]}</Lozenge>
            </dd>
          </dl>
        </section>
      )}
    </main>
  );
}
