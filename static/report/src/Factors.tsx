/**
 * What was learned, by contributing factor: the taxonomy with the count of reviewed postmortems
 * tagged with each, and, for the factor picked, those postmortems (newest review first) so a
 * review meeting can ask what its capacity incidents have in common. Read with `getFactors`, as
 * the viewer; each postmortem confirmed by its page, each count of sealed records only, with the
 * time it is true as of ("at least" when more were tagged than the bounded read took in).
 */
import { useState, type FormEvent } from 'react';
import type { Envelope } from '@contracts/resolver';
import type { FactorLibrary } from '@contracts/report-learning';
import { ProductLink } from '../../common/links';
import { ErrorMessage, useLoad } from '../../common/ui';
import { factorCountsNote, factorOptionText, instantText } from './report-logic';

export interface FactorsApi {
  getFactors(query: { factor?: string; projectKeys: string[] }): Promise<Envelope<FactorLibrary>>;
}

export function FactorsSection({ api, projectKeys }: { api: FactorsApi; projectKeys: string[] }) {
  const [picked, setPicked] = useState('');
  const [factor, setFactor] = useState<string | undefined>(undefined);
  const [load, reload] = useLoad(
    () => api.getFactors({ ...(factor ? { factor } : {}), projectKeys }),
    [factor, projectKeys.join(',')],
    'Could not read the contributing factors. Check your connection and try again.',
  );
  const [error, setError] = useState<string | null>(null);
  const show = (e: FormEvent) => {
    e.preventDefault();
    if (!picked) {
      setError('Pick a contributing factor to list its postmortems.');
      document.getElementById('factor-pick')?.focus();
      return;
    }
    setError(null);
    setFactor(picked);
  };
  const data = load.state === 'ready' ? load.data : null;
  return (
    <section id="sec-factors" className="section card" aria-labelledby="factors-title" data-testid="factors">
      <h2 id="factors-title">What we learned, by contributing factor</h2>
      <p className="subtle">
        Reviewed postmortems are tagged with contributing factors in the Postmortem macro. Pick one to see the postmortems it contributed
        to. Only postmortems the app recorded as reviewed, with the factors tagged in the macro, are counted and listed: a tag written on an
        incident by hand counts nowhere.
      </p>
      {data && data.factors.length > 0 && (
        <p className="subtle" data-testid="factor-counts-as-of">
          {factorCountsNote(data.asOf, data.countsRead, data.countsComplete)}
        </p>
      )}
      {load.state === 'error' && <ErrorMessage error={load.error} onRetry={reload} />}
      {data && data.factors.length === 0 && (
        <p className="empty">Your Jira admins have not listed any contributing factors yet (Postmortem settings, Process).</p>
      )}
      {data && data.factors.length > 0 && (
        <form className="factor-picker" onSubmit={show} noValidate>
          <div className="field">
            <label htmlFor="factor-pick">Contributing factor</label>
            <select
              id="factor-pick"
              value={picked}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? 'factor-pick-error' : undefined}
              onChange={(e) => setPicked(e.currentTarget.value)}
            >
              <option value="">Pick a factor</option>
              {data.factors.map((f) => (
                <option key={f.factor} value={f.factor}>
                  {factorOptionText(f.factor, f.count, data.countsComplete)}
                </option>
              ))}
            </select>
            {error && (
              <span id="factor-pick-error" className="field-error" role="alert">
                {error}
              </span>
            )}
          </div>
          <button type="submit" className="primary" disabled={load.state === 'loading'}>
            Show postmortems
          </button>
        </form>
      )}
      {load.state === 'loading' && (
        <p role="status" aria-live="polite" className="subtle">
          Reading the tagged postmortems from Jira…
        </p>
      )}
      {data && data.factor && (
        <div aria-live="polite" data-testid="factor-postmortems">
          <h3>Reviewed postmortems with “{data.factor}”</h3>
          {data.postmortems.length === 0 ? (
            <p className="empty">No reviewed postmortem you may open is tagged with “{data.factor}” yet.</p>
          ) : (
            <ul className="plain-list factor-postmortems">
              {data.postmortems.map((p) => (
                <li key={p.incidentKey} className="card">
                  <ProductLink href={p.pageUrl}>{p.pageTitle || `Postmortem for ${p.incidentKey}`}</ProductLink>{' '}
                  <span className="subtle">
                    {p.incidentKey}: {p.incidentSummary}
                    {p.reviewedAt ? ` · reviewed ${instantText(p.reviewedAt)}` : ''}
                  </span>
                  <br />
                  <span className="subtle">Factors: {p.factors.join(', ')}</span>
                </li>
              ))}
            </ul>
          )}
          {data.more && <p className="subtle">More are tagged with it than the 50 listed; filter by project to narrow them.</p>}
        </div>
      )}
    </section>
  );
}
