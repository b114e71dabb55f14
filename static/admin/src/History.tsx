/** Below the settings form: who changed what, and the sweep's last runs. */
import type { SettingsChange } from '@contracts/admin';
import type { SweepRunSummary } from '@contracts/sweep';
import { Lozenge } from '../../common/ui';

export function HistoryTable({ history }: { history: SettingsChange[] }) {
  return (
    <section className="section card" aria-labelledby="history-title" data-testid="settings-history">
      <h2 id="history-title">Change history</h2>
      <p className="subtle">The last 50 saves: who changed what, and when (UTC).</p>
      {history.length === 0 ? (
        <p className="empty">No changes recorded yet: the history starts with the first save.</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">What changed</th>
              </tr>
            </thead>
            <tbody>
              {history.map((h, i) => (
                <tr key={`${h.at}-${i}`}>
                  <td>{h.at.slice(0, 16).replace('T', ' ')}</td>
                  <td>{h.displayName || h.accountId}</td>
                  <td>
                    <ul className="plain-list">
                      {h.changes.map((c) => (
                        <li key={c.path}>
                          <strong>{c.label}</strong>: {c.before || '(none)'} → {c.after || '(none)'}
                        </li>
                      ))}
                      {h.more > 0 && <li>and {h.more} more</li>}
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

const RUN_TONE: Record<SweepRunSummary['status'], 'success' | 'warning' | 'danger' | 'info'> = {
  completed: 'success',
  'completed-with-failures': 'warning',
  failed: 'danger',
  running: 'info',
};

export function SweepRuns({ runs }: { runs: SweepRunSummary[] | null }) {
  return (
    <section className="section card" aria-labelledby="runs-title" data-testid="sweep-runs">
      <h2 id="runs-title">Last sweep runs</h2>
      <p className="subtle">The daily sweep reminds assignees and escalates overdue items. Its last 30 runs, newest first.</p>
      {runs === null ? (
        <p className="empty">The sweep’s run history could not be read just now; reload the page to try again.</p>
      ) : runs.length === 0 ? (
        <p className="empty">The sweep has not run yet; it runs once a day.</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Started (UTC)</th>
                <th scope="col">Status</th>
                <th scope="col">Items</th>
                <th scope="col">Overdue</th>
                <th scope="col">Reminders</th>
                <th scope="col">Escalations</th>
                <th scope="col">Due-date notices</th>
                <th scope="col">Sent to someone else</th>
                <th scope="col">Failures</th>
                <th scope="col">Requests</th>
              </tr>
            </thead>
            <tbody>
              {runs.map((r) => (
                <tr key={r.runId}>
                  <td>{r.startedAt.slice(0, 16).replace('T', ' ')}</td>
                  <td>
                    <Lozenge tone={RUN_TONE[r.status]}>{r.status.replace(/-/g, ' ')}</Lozenge>
                  </td>
                  <td>{r.itemsScanned}</td>
                  <td>{r.overdueItems}</td>
                  <td>{r.reminders}</td>
                  <td>{r.escalations}</td>
                  <td>{r.notices}</td>
                  <td>
                    {r.rerouted + r.unreachable}
                    {r.reachSamples.length > 0 && (
                      <details>
                        <summary>Who could not be mailed</summary>
                        <ul className="plain-list">
                          {r.reachSamples.map((n, i) => (
                            <li key={i}>
                              {n.issueKey}: {n.message}
                            </li>
                          ))}
                        </ul>
                      </details>
                    )}
                  </td>
                  <td>
                    {r.failures}
                    {r.failureSamples.length > 0 && (
                      <details>
                        <summary>Why</summary>
                        <ul className="plain-list">
                          {r.failureSamples.map((f, i) => (
                            <li key={i}>
                              {f.issueKey ? `${f.issueKey}: ` : ''}
                              {f.message}
                            </li>
                          ))}
                        </ul>
                      </details>
                    )}
                  </td>
                  <td>{r.productCalls}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
