import type { Envelope } from '../../../src/contracts/resolver';
import type { ReportSummary } from '../../../src/contracts/report-summary';
import { ErrorMessage, Loading, useLoad } from '../../shared/ui';

export interface ReportApi {
  getSummary(): Promise<Envelope<ReportSummary>>;
}

function Stat({ label, value, tone }: { label: string; value: number; tone?: 'danger' | 'warning' }) {
  return (
    <div className="card" role="group" aria-label={label}>
      <div className="stat" style={tone ? { color: `var(--ds-text-${tone}, inherit)` } : undefined}>
        {value}
      </div>
      <div className="subtle">{label}</div>
    </div>
  );
}

export function ReportApp({ api }: { api: ReportApi }) {
  const [load, reload] = useLoad(api.getSummary);
  return (
    <main aria-labelledby="report-title">
      <h1 id="report-title">Postmortem report</h1>
      <p className="subtle">What is overdue and who must act, and the postmortems waiting for review. You see only the issues you may browse in Jira.</p>
      {load.state === 'loading' && <Loading what="the report" />}
      {load.state === 'error' && <ErrorMessage error={load.error} onRetry={reload} />}
      {load.state === 'ready' && (
        <>
          <section className="section" aria-labelledby="ai-title">
            <h2 id="ai-title">Action items (as of {load.data.today})</h2>
            {load.data.openActionItems === 0 ? (
              <p>No open action items: every postmortem action item you can see is done.</p>
            ) : (
              <div className="grid">
                <Stat label="Open" value={load.data.openActionItems} />
                <Stat label="Overdue" value={load.data.overdue} tone={load.data.overdue ? 'danger' : undefined} />
                <Stat label="Due within 7 days" value={load.data.dueWithinWeek} tone={load.data.dueWithinWeek ? 'warning' : undefined} />
                <Stat label="Without a due date" value={load.data.withoutDueDate} tone={load.data.withoutDueDate ? 'warning' : undefined} />
                <Stat label="Unassigned" value={load.data.unassigned} />
              </div>
            )}
          </section>
          <section className="section" aria-labelledby="pm-title">
            <h2 id="pm-title">Postmortems</h2>
            <div className="grid">
              <Stat label="Draft" value={load.data.postmortems.draft ?? 0} />
              <Stat label="In review" value={load.data.postmortems['in-review'] ?? 0} />
              <Stat label="Reviewed" value={load.data.postmortems.reviewed ?? 0} />
            </div>
          </section>
          {load.data.truncated && <p className="message info">Showing the first 10,000 issues only.</p>}
        </>
      )}
    </main>
  );
}
