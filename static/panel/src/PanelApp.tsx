import { useEffect, useRef, useState } from 'react';
import type { Envelope, ResolverError } from '@contracts/resolver';
import type { PanelOverview, PanelPostmortem } from '@contracts/panel';
import type { CreatePostmortemResult, ListCreatableSpacesResult } from '@contracts/panel-postmortem';
import { LinkExistingPage, type LinkPageApi } from './LinkExistingPage';
import { linkedMessage } from './link-page-logic';
import { dueTone, ErrorMessage, Loading, Lozenge, STATUS_LABEL, STATUS_TONE, useLoad } from '../../common/ui';
import { countsText, panelOrder, safeHref, stateTone } from './panel-logic';
import './panel.css';
import { Waiver, type WaiverApi } from './Waiver';
import { ProductLink } from '../../common/links';

export interface PanelApi extends LinkPageApi, WaiverApi {
  getOverview(): Promise<Envelope<PanelOverview>>;
  createPostmortem(spaceKey?: string): Promise<Envelope<CreatePostmortemResult>>;
  listCreatableSpaces(): Promise<Envelope<ListCreatableSpacesResult>>;
}

function PageLink({ title, url }: { title: string; url: string }) {
  const href = safeHref(url);
  const text = title || 'the postmortem page';
  return href ? <ProductLink href={href}>{text}</ProductLink> : <span>{text}</span>;
}

function PostmortemFacts({ pm }: { pm: PanelPostmortem }) {
  return (
    <dl className="facts">
      <dt>Postmortem</dt>
      <dd>
        <PageLink title={pm.pageTitle} url={pm.pageUrl} />
      </dd>
      <dt>Review</dt>
      <dd>
        <Lozenge tone={STATUS_TONE[pm.status]}>{STATUS_LABEL[pm.status]}</Lozenge>
      </dd>
      <dt>Due</dt>
      <dd>
        {pm.dueDate} <Lozenge tone={dueTone(pm.dueState)}>{pm.due}</Lozenge>
      </dd>
    </dl>
  );
}

/** The outcome of creating or linking; it takes the focus, so keyboard users land on it after the reload. */
function Flash({ text }: { text: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <div className="message success" role="status" tabIndex={-1} ref={ref}>
      {text}
    </div>
  );
}

/**
 * The space choice of "Create postmortem": the configured space (nothing to pick), or the spaces the
 * person may create pages in (the picker). While it loads, "Create" works as before: with no space
 * configured the app then asks for one.
 */
type SpaceChoice = { state: 'loading' } | { state: 'failed'; error: ResolverError } | { state: 'ready'; choice: ListCreatableSpacesResult };

function NoPostmortem({
  api,
  issueKey,
  due,
  onCreated,
}: {
  api: PanelApi;
  issueKey: string;
  due: PanelOverview['dueIfCreated'];
  onCreated(message: string | null): void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ResolverError | null>(null);
  const [spaceKey, setSpaceKey] = useState('');
  const [showLink, setShowLink] = useState(false);
  const [spaces, setSpaces] = useState<SpaceChoice>({ state: 'loading' });
  useEffect(() => {
    let live = true;
    void api.listCreatableSpaces().then((res) => {
      if (live) setSpaces(res.ok ? { state: 'ready', choice: res.data } : { state: 'failed', error: res.error });
    });
    return () => {
      live = false;
    };
  }, [api]);
  // The person picks the space when the settings name none.
  const picking = spaces.state === 'ready' && spaces.choice.configuredSpaceKey === null;
  const none = picking && spaces.choice.spaces.length === 0;
  const spaceError = error?.fields?.spaceKey;
  const create = async () => {
    if (busy || none) return;
    if (picking && !spaceKey) {
      setError({
        code: 'invalid-input',
        message: 'Choose the Confluence space to create the page in.',
        fields: { spaceKey: 'Choose a space' },
      });
      document.getElementById('pm-space')?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    const res = await api.createPostmortem(picking ? spaceKey : undefined);
    setBusy(false);
    if (res.ok)
      onCreated(
        `The postmortem page “${res.data.page.title}” was created from the template and linked to ${issueKey}; it is due ${res.data.dueDate}.`,
      );
    else setError(res.error);
  };
  return (
    <div>
      <p>
        <strong>No postmortem yet.</strong> Write it in Confluence from the company template;{' '}
        {due ? (
          <>
            it is due <strong>{due.dueDate}</strong> ({due.text}).
          </>
        ) : (
          'it is due a set number of days after the incident.'
        )}
      </p>
      {spaces.state === 'failed' && <ErrorMessage error={spaces.error} />}
      {picking && !none && (
        <div className="field">
          <label htmlFor="pm-space">Confluence space for the page</label>
          <select
            id="pm-space"
            value={spaceKey}
            onChange={(e) => setSpaceKey(e.currentTarget.value)}
            aria-describedby="pm-space-help pm-space-error"
            aria-invalid={spaceError ? true : undefined}
          >
            <option value="">Choose a space</option>
            {spaces.choice.spaces.map((sp) => (
              <option key={sp.key} value={sp.key}>{`${sp.name} (${sp.key})`}</option>
            ))}
          </select>
          <span id="pm-space-help" className="subtle">
            {spaces.choice.more
              ? 'Spaces you may create pages in, among the first 50 you can see. Ask a Jira admin to set one in Postmortem settings if yours is missing.'
              : 'Only the spaces you may create pages in are listed.'}
          </span>
          <span id="pm-space-error" className="field-error">
            {spaceError}
          </span>
        </div>
      )}
      {none && (
        <p className="message info" data-testid="no-creatable-space">
          You may not create pages in any Confluence space you can see, so the postmortem cannot be created here. Ask a space admin to let
          you add pages, or a Jira admin to set a postmortem space in Postmortem settings. You can still link an existing page.
        </p>
      )}
      {error && <ErrorMessage error={{ ...error, fields: undefined }} />}
      <p className="actions">
        <button type="button" className="primary" onClick={create} aria-disabled={busy} disabled={none} aria-busy={busy}>
          {busy ? 'Creating the page in Confluence…' : 'Create postmortem'}
        </button>
        <button type="button" onClick={() => setShowLink((v) => !v)} aria-expanded={showLink} aria-controls="pm-link-form" disabled={busy}>
          {showLink ? 'Close page search' : 'Link an existing page'}
        </button>
      </p>
      {showLink && <LinkExistingPage api={api} issueKey={issueKey} onLinked={(r) => onCreated(linkedMessage(r))} />}
      <p role="status" aria-live="polite" className="subtle">
        {busy ? 'Creating the postmortem page…' : ''}
      </p>
    </div>
  );
}

function Items({ o }: { o: PanelOverview }) {
  if (!o.actionItems) return null;
  const { items, counts, truncated } = o.actionItems;
  return (
    <section aria-labelledby="pm-items" className="section">
      <h3 id="pm-items">Action items</h3>
      <p>
        <strong>{countsText(counts)}</strong>
        {truncated && <span className="subtle"> · showing the first {items.length}</span>}
      </p>
      {items.length === 0 ? (
        <p className="subtle">
          Add action items from the postmortem page; issues labelled <code>postmortem-action</code> and linked to {o.issue.key} count too.
        </p>
      ) : (
        <ul className="items" aria-label={`Action items of ${o.issue.key}`}>
          {panelOrder(items).map((r) => (
            <li key={r.key}>
              <ProductLink href={r.url}>{r.key}</ProductLink> <span>{r.summary}</span>{' '}
              <span className="subtle">
                · {r.status} · {r.assignee ? r.assignee.displayName : 'Unassigned'}
              </span>{' '}
              <Lozenge tone={stateTone(r.state)}>{r.due}</Lozenge>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function PanelApp({ api }: { api: PanelApi }) {
  const [load, reload] = useLoad(api.getOverview);
  const [flash, setFlash] = useState<string | null>(null);
  if (load.state === 'loading') return <Loading what="the postmortem" />;
  if (load.state === 'error') return <ErrorMessage error={load.error} onRetry={reload} />;
  const o = load.data;
  if (o.role === 'other') {
    return (
      <p className="subtle">
        {o.issue.key} is neither an incident nor a postmortem action item, so it has no postmortem. Incidents show their postmortem and
        action items here; action items show the incident and postmortem they came from.
      </p>
    );
  }
  if (o.role === 'action-item') {
    const ai = o.actionItem;
    return (
      <section aria-label="Postmortem action item">
        {!ai || !ai.incidentKey ? (
          <p>
            This is a postmortem action item (labelled <code>postmortem-action</code>), but it is not linked to an incident. Link it to its
            incident in Jira so that it counts there.
          </p>
        ) : (
          <dl className="facts">
            <dt>Incident</dt>
            <dd>
              {ai.incident ? (
                <>
                  <ProductLink href={ai.incident.url}>{ai.incident.key}</ProductLink> {ai.incident.summary}{' '}
                  <Lozenge>{ai.incident.status}</Lozenge>
                </>
              ) : (
                <>
                  {ai.incidentKey} <span className="subtle">(you cannot see this incident)</span>
                </>
              )}
            </dd>
            <dt>Postmortem</dt>
            <dd>
              {ai.postmortem ? (
                <PageLink title={ai.postmortem.pageTitle} url={ai.postmortem.pageUrl} />
              ) : ai.postmortemHidden ? (
                <span data-testid="postmortem-hidden">
                  A postmortem exists, but you do not have permission to open it. Ask its owner or your Confluence admin for access.
                </span>
              ) : (
                <span className="subtle">none linked yet</span>
              )}
            </dd>
          </dl>
        )}
        {ai && (
          <p>
            This item: {ai.dueDate ? `due ${ai.dueDate} ` : ''}
            <Lozenge tone={stateTone(ai.state)}>{ai.due}</Lozenge>
          </p>
        )}
        <Waiver api={api} />
      </section>
    );
  }
  return (
    <section aria-label="Postmortem of this incident">
      {flash && o.postmortem && <Flash text={flash} />}
      {o.postmortem ? (
        <PostmortemFacts pm={o.postmortem} />
      ) : (
        <NoPostmortem
          api={api}
          issueKey={o.issue.key}
          due={o.dueIfCreated}
          onCreated={(message) => {
            setFlash(message);
            reload();
          }}
        />
      )}
      <Items o={o} />
    </section>
  );
}
