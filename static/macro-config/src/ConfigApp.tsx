/**
 * The macro's config dialog: links the page to its incident. Search as you type (debounced) over
 * the incidents the user may see, pick one from a keyboard-accessible listbox, then "Link": the
 * backend records the link both ways and only then is the config saved (`view.submit`).
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { IncidentOption, LinkResult, MacroOverview, SearchIncidentsResult } from '@contracts/macro';
import type { Envelope, ResolverError } from '@contracts/resolver';
import { ProductLink } from '../../common/links';
import { ErrorMessage, Loading, useLoad } from '../../common/ui';
import { comboboxInputProps, OptionList } from '../../common/Combobox';
import { useCombobox, useDebouncedSearch } from '../../common/hooks';

export interface ConfigApi {
  getOverview(): Promise<Envelope<MacroOverview>>;
  searchIncidents(query: string): Promise<Envelope<SearchIncidentsResult>>;
  linkIncident(incidentKey: string): Promise<Envelope<LinkResult>>;
  unlinkIncident(): Promise<Envelope<{ unlinkedFrom: string | null }>>;
  /** Saves the macro config and closes the dialog. */
  submit(config: { incidentKey?: string }): Promise<void>;
  close(): Promise<void>;
}

function optionLabel(o: IncidentOption, pageId: string): string {
  const linked =
    o.linkedPageId && o.linkedPageId !== pageId ? ' — already has a postmortem' : o.linkedPageId === pageId ? ' — linked to this page' : '';
  return `${o.key} ${o.summary} (${o.status})${linked}`;
}

export function ConfigApp({ api }: { api: ConfigApi }) {
  const [load, reload] = useLoad(api.getOverview);
  // Escape closes the dialog, as every Atlassian dialog does. The iframe has the focus, so the
  // host never sees the key: the app closes itself. An open result list takes the first Escape
  // (its handler marks the event handled).
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.key === 'Escape' && !e.defaultPrevented) void api.close();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [api]);
  return (
    <main aria-labelledby="cfg-title">
      <h1 id="cfg-title">Link this postmortem to its incident</h1>
      <p className="subtle">
        A postmortem belongs to exactly one incident. Linking records it on the page and on the Jira issue, both ways.
      </p>
      {load.state === 'loading' && <Loading what="the current link" />}
      {load.state === 'error' && <ErrorMessage error={load.error} onRetry={reload} />}
      {load.state === 'ready' && <LinkForm api={api} overview={load.data} />}
    </main>
  );
}

function LinkForm({ api, overview }: { api: ConfigApi; overview: MacroOverview }) {
  const current = overview.link?.postmortem.incidentKey ?? null;
  const [query, setQuery] = useState('');
  const [chosen, setChosen] = useState<IncidentOption | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [failure, setFailure] = useState<ResolverError | null>(null);
  const [busy, setBusy] = useState<null | 'link' | 'unlink'>(null);
  const search = useDebouncedSearch(query, api.searchIncidents);
  const options = search.state === 'done' ? search.result.incidents : [];
  const inputRef = useRef<HTMLInputElement>(null);
  const choose = (o: IncidentOption) => {
    setChosen(o);
    setQuery(o.key);
    setFormError(null);
    setFailure(null);
  };
  const combo = useCombobox(options, choose, { resetOn: search });

  if (!overview.canEdit) {
    return (
      <div className="message info" role="status">
        <p>You do not have permission to edit this page, so you cannot change which incident it belongs to.</p>
        <p>{current ? `It is the postmortem of ${current}.` : 'It is not linked to an incident yet.'} Ask someone who may edit the page.</p>
        <button onClick={() => void api.close()}>Close</button>
      </div>
    );
  }

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (!chosen) {
      setFormError('Pick an incident from the list: type its key or words of its summary, then choose it.');
      inputRef.current?.focus();
      return;
    }
    setBusy('link');
    setFailure(null);
    const res = await api.linkIncident(chosen.key);
    if (!res.ok) {
      setBusy(null);
      setFailure(res.error);
      return;
    }
    await api.submit(res.data.config);
  };

  const unlink = async () => {
    setBusy('unlink');
    setFailure(null);
    const res = await api.unlinkIncident();
    if (!res.ok) {
      setBusy(null);
      setFailure(res.error);
      return;
    }
    await api.submit({});
  };

  const listId = 'incident-options';
  const statusText =
    search.state === 'searching'
      ? 'Searching incidents…'
      : search.state === 'done'
        ? options.length === 0
          ? search.query
            ? `No incidents you can see match “${search.query}”. Try the incident’s key (e.g. INC-4) or other words of its summary.`
            : 'No incidents you can see yet.'
          : `${options.length} incident${options.length === 1 ? '' : 's'} found${search.result.more ? ' (the newest shown; type more to narrow)' : ''}. Use the arrow keys to choose.`
        : '';
  const conflictPage =
    failure?.details && typeof failure.details.page === 'object' && failure.details.page
      ? (failure.details.page as { url?: string; title?: string })
      : null;

  return (
    <form onSubmit={(e) => void onSubmit(e)} noValidate aria-busy={busy !== null}>
      {current && (
        <p>
          This page is the postmortem of <strong>{current}</strong>. Pick another incident to relink it, or unlink it.
        </p>
      )}
      {overview.notice && (
        <div className="message info" role="status">
          {overview.notice}
        </div>
      )}
      <div className="section">
        <label htmlFor="incident-search">
          <strong>Incident</strong>
        </label>
        <div className="combo">
          <input
            id="incident-search"
            ref={inputRef}
            {...comboboxInputProps(combo, listId)}
            aria-describedby="incident-help incident-status"
            aria-invalid={formError ? true : undefined}
            placeholder="Type a key (INC-4) or words of the summary"
            value={query}
            maxLength={100}
            onChange={(e) => {
              setQuery(e.currentTarget.value);
              setChosen(null);
              combo.setOpen(true);
            }}
          />
          <OptionList listId={listId} label="Incidents" combo={combo} options={options} keyOf={(o) => o.key} onChoose={choose}>
            {(o) => (
              <>
                <strong>{o.key}</strong> {o.summary} <span className="subtle">· {o.status}</span>
                {o.linkedPageId && o.linkedPageId !== overview.pageId && <span className="lozenge warning">has a postmortem</span>}
                {o.linkedPageId === overview.pageId && <span className="lozenge info">this page</span>}
                <span className="visually-hidden">{optionLabel(o, overview.pageId)}</span>
              </>
            )}
          </OptionList>
        </div>
        <p id="incident-help" className="subtle">
          Only incidents you have permission to see are listed.
        </p>
        <p id="incident-status" role="status" aria-live="polite" className="subtle">
          {statusText}
        </p>
        {formError && (
          <p role="alert" className="field-error">
            {formError}
          </p>
        )}
      </div>
      {search.state === 'error' && <ErrorMessage error={search.error} />}
      {failure && (
        <div role="alert" className="message error">
          <p>{failure.message}</p>
          {conflictPage?.url && (
            <p>
              <ProductLink href={conflictPage.url} newTab>
                Open {conflictPage.title ? `“${conflictPage.title}”` : 'that postmortem'}
              </ProductLink>
            </p>
          )}
        </div>
      )}
      {chosen && (
        <p>
          Link to <strong>{chosen.key}</strong> {chosen.summary}.
        </p>
      )}
      <div className="buttons">
        <button type="submit" className="primary" disabled={busy !== null}>
          {busy === 'link' ? 'Linking…' : current ? 'Relink' : 'Link'}
        </button>
        {current && (
          <button type="button" disabled={busy !== null} onClick={() => void unlink()}>
            {busy === 'unlink' ? 'Unlinking…' : `Unlink from ${current}`}
          </button>
        )}
        <button type="button" disabled={busy !== null} onClick={() => void api.close()}>
          Cancel
        </button>
      </div>
      {busy && (
        <p role="status" aria-live="polite" className="subtle">
          {busy === 'link' ? 'Recording the link on the page and on the incident…' : 'Removing the link from the page and the incident…'}
        </p>
      )}
    </form>
  );
}
