/**
 * The Postmortem issue context: always in the issue's side bar, it says where the incident's
 * postmortem stands and how to reach the Postmortem panel (an issue panel shows only once someone
 * opens it from the issue's app button; docs/platform.md, "Custom UI").
 */
import type { IssueContextStatus } from '@contracts/issue-context';
import type { Envelope } from '@contracts/resolver';
import { stateTone } from '../../common/action-items';
import { ProductLink } from '../../common/links';
import { dueTone, ErrorMessage, Loading, Lozenge, STATUS_LABEL, STATUS_TONE, useLoad } from '../../common/ui';
import './context.css';

export interface ContextApi {
  getStatus(): Promise<Envelope<IssueContextStatus>>;
}

/** The issue panel's title: the app button that opens it. */
export const PANEL_TITLE = 'Postmortem';

function ToPanel({ doing }: { doing: string }) {
  return (
    <p className="hint">
      To {doing}, open the <strong>{PANEL_TITLE}</strong> panel: choose the <strong>{PANEL_TITLE}</strong> app button under the issue’s
      summary.
    </p>
  );
}

function Postmortem({ pm }: { pm: NonNullable<IssueContextStatus['postmortem']> }) {
  return (
    <>
      <p className="state">
        <Lozenge tone={STATUS_TONE[pm.status]}>{STATUS_LABEL[pm.status]}</Lozenge>{' '}
        {pm.status !== 'reviewed' && <Lozenge tone={dueTone(pm.dueState)}>{pm.due}</Lozenge>}
      </p>
      <p>
        <ProductLink href={pm.pageUrl} label={`${pm.pageTitle || 'The postmortem page'} (opens in a new tab)`}>
          {pm.pageTitle || 'The postmortem page'}
        </ProductLink>
      </p>
    </>
  );
}

export function Status({ s }: { s: IssueContextStatus }) {
  if (s.role === 'incident') {
    return s.postmortem ? (
      <>
        <Postmortem pm={s.postmortem} />
        <ToPanel doing="see its action items" />
      </>
    ) : (
      <>
        <p className="state">
          <Lozenge tone="warning">No postmortem yet</Lozenge>
        </p>
        <ToPanel doing="create it from the company template or link an existing page" />
      </>
    );
  }
  if (s.role === 'action-item') {
    return (
      <>
        <p className="state">
          Action item{s.actionItem?.incidentKey ? ` of ${s.actionItem.incidentKey}` : ''}:{' '}
          {s.actionItem && <Lozenge tone={stateTone(s.actionItem.state)}>{s.actionItem.due}</Lozenge>}
        </p>
        {s.postmortem && <Postmortem pm={s.postmortem} />}
        <ToPanel doing="see its incident and postmortem" />
      </>
    );
  }
  return <p className="subtle">{s.issueKey} is not an incident, so it has no postmortem.</p>;
}

export function ContextApp({ api }: { api: ContextApi }) {
  const [load, reload] = useLoad(() => api.getStatus());
  return (
    <section className="context" aria-label="Postmortem status">
      {load.state === 'loading' && <Loading what="the postmortem’s state" />}
      {load.state === 'error' && <ErrorMessage error={load.error} onRetry={reload} />}
      {load.state === 'ready' && <Status s={load.data} />}
    </section>
  );
}
