import type { Envelope } from '../../../src/contracts/resolver';
import type { PanelOverview } from '../../../src/contracts/panel';
import { dueTone, ErrorMessage, Loading, Lozenge, STATUS_LABEL, STATUS_TONE, useLoad } from '../../shared/ui';

export interface PanelApi {
  getOverview(): Promise<Envelope<PanelOverview>>;
}

export function PanelApp({ api }: { api: PanelApi }) {
  const [load, reload] = useLoad(api.getOverview);
  if (load.state === 'loading') return <Loading what="the postmortem" />;
  if (load.state === 'error') return <ErrorMessage error={load.error} onRetry={reload} />;
  const o = load.data;
  if (o.role === 'other') {
    return (
      <p className="subtle">
        {o.issue.key} is neither an incident nor a postmortem action item, so it has no postmortem. Incidents show their postmortem and action
        items here; action items show the incident they came from.
      </p>
    );
  }
  if (o.role === 'action-item') {
    return (
      <section aria-label="Action item">
        <p>
          This is a postmortem action item
          {o.actionItem && (
            <>
              {' '}
              from incident <a href={`/browse/${o.actionItem.incidentKey}`}>{o.actionItem.incidentKey}</a>
            </>
          )}
          .
        </p>
        {o.actionItem && (
          <p>
            Due {o.actionItem.dueDate ?? '—'} <Lozenge tone={dueTone(o.actionItem.due)}>{o.actionItem.due}</Lozenge>
          </p>
        )}
      </section>
    );
  }
  return (
    <section aria-label="Postmortem of this incident">
      {o.postmortem ? (
        <dl className="facts">
          <dt>Postmortem</dt>
          <dd>
            <a href={o.postmortem.pageUrl} target="_top">
              {o.postmortem.pageTitle}
            </a>
          </dd>
          <dt>Review</dt>
          <dd>
            <Lozenge tone={STATUS_TONE[o.postmortem.status]}>{STATUS_LABEL[o.postmortem.status]}</Lozenge>
          </dd>
          <dt>Due</dt>
          <dd>
            {o.postmortem.dueDate} <Lozenge tone={dueTone(o.postmortem.due)}>{o.postmortem.due}</Lozenge>
          </dd>
        </dl>
      ) : (
        <p>
          <strong>No postmortem yet.</strong> A postmortem is due a week after the incident; write it in Confluence from the company template.
        </p>
      )}
    </section>
  );
}
