import { view } from '@forge/bridge';
import type { Envelope } from '../../../src/contracts/resolver';
import type { MacroOverview } from '../../../src/contracts/macro';
import { ErrorMessage, Loading, useLoad } from '../../shared/ui';

export interface ConfigApi {
  getOverview(): Promise<Envelope<MacroOverview>>;
}

export function ConfigApp({ api }: { api: ConfigApi }) {
  const [load, reload] = useLoad(api.getOverview);
  return (
    <main aria-labelledby="cfg-title">
      <h1 id="cfg-title">Link this postmortem to its incident</h1>
      <p className="subtle">A postmortem belongs to exactly one incident. Linking records it on the page and on the Jira issue, both ways.</p>
      {load.state === 'loading' && <Loading what="the current link" />}
      {load.state === 'error' && <ErrorMessage error={load.error} onRetry={reload} />}
      {load.state === 'ready' && (
        <p>
          {load.data.link ? (
            <>
              This page is linked to <strong>{load.data.link.postmortem.incidentKey}</strong>.
            </>
          ) : (
            'This page is not linked to an incident yet.'
          )}
        </p>
      )}
      <button onClick={() => void view.close()}>Close</button>
    </main>
  );
}
