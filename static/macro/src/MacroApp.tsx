/**
 * The Postmortem macro: the linked incident, owner, due date, review status and workflow buttons,
 * the template check (with "Add missing sections"), the blameless and plain-language findings,
 * and the action items. Product calls come in as `api` (ports), so this is plain UI logic.
 */
import { createContext, useContext, useEffect, useState, type FormEvent } from 'react';
import type {
  AddSectionsResult,
  LinkResult,
  MacroLink,
  MacroOverview,
  RefreshTimelineResult,
  ReviewActionPayload,
  TagFactorsResult,
} from '@contracts/macro';
import type { Envelope, ResolverError } from '@contracts/resolver';
import { ErrorMessage, Loading, Lozenge, NoteField, STATUS_LABEL, STATUS_TONE, dueTone, useLoad } from '../../common/ui';
import { ActionItems } from './ActionItems';
import {
  findingLine,
  findingsOfRefusal,
  findingsSummary,
  rememberSectionsAdded,
  reviewBlockedNote,
  sectionsAddedText,
  takeSectionsAdded,
  type NoteStorage,
} from './checks';
import './macro.css';
import { ProductLink } from '../../common/links';

export interface MacroApi {
  getOverview(): Promise<Envelope<MacroOverview>>;
  linkIncident(incidentKey: string): Promise<Envelope<LinkResult>>;
  addMissingSections(): Promise<Envelope<AddSectionsResult>>;
  refreshTimeline?(): Promise<Envelope<RefreshTimelineResult>>;
  reviewAction(payload: ReviewActionPayload): Promise<Envelope<{ postmortem: unknown; told?: string }>>;
  tagFactors?(factors: string[]): Promise<Envelope<TagFactorsResult>>;
  /** Reloads the host page around the macro (the bridge's `router.reload`), so it shows the new version. */
  reloadPage?(): Promise<void>;
  /** Where a confirmation outlives that reload (session storage). */
  notes?: NoteStorage | null;
}

const NOTE_MAX = 2000;
const KIND_LABEL: Record<string, string> = {
  mention: 'Mention of a person',
  'person-name': 'Name of a person',
  'internal-name': 'Internal name',
};

function formatDate(iso: string | undefined): string {
  if (!iso) return '';
  return iso.slice(0, 10);
}

/** What the last review action did (and who was told), kept here so it outlives the reload that follows it. */
const ReviewDone = createContext<[string | null, (message: string | null) => void]>([null, () => undefined]);

export function MacroApp({ api }: { api: MacroApi }) {
  const [load, reload] = useLoad(api.getOverview);
  const reviewDone = useState<string | null>(null);
  return (
    <ReviewDone.Provider value={reviewDone}>
      <main aria-labelledby="pm-title">
        <h1 id="pm-title">Postmortem</h1>
        {load.state === 'loading' && <Loading what="the postmortem" />}
        {load.state === 'error' && <ErrorMessage error={load.error} onRetry={reload} />}
        {load.state === 'ready' && <Overview api={api} data={load.data} reload={reload} />}
      </main>
    </ReviewDone.Provider>
  );
}

function Overview({ api, data, reload }: { api: MacroApi; data: MacroOverview; reload: () => void }) {
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<ResolverError | null>(null);
  const link = async (key: string) => {
    setBusy(true);
    setFailure(null);
    const res = await api.linkIncident(key);
    setBusy(false);
    if (res.ok) reload();
    else setFailure(res.error);
  };
  return (
    <>
      {data.notice && (
        <div className="message info" role="status">
          <p>{data.notice}</p>
        </div>
      )}
      {!data.link && (
        <div className="message info">
          <p>
            <strong>This page is not linked to an incident yet.</strong>
          </p>
          <p>
            {data.canEdit
              ? 'Edit the macro and pick the incident this postmortem is about. The app then tracks its due date, its review and its action items.'
              : 'Someone who may edit this page can link it to its incident; the app then tracks its due date, review and action items.'}
          </p>
          {data.canEdit && data.configIncidentKey && (
            <button className="primary" disabled={busy} onClick={() => void link(data.configIncidentKey!)}>
              {busy ? 'Linking…' : `Link to ${data.configIncidentKey}`}
            </button>
          )}
          {failure && <ErrorMessage error={failure} />}
        </div>
      )}
      {data.link && <Linked api={api} pageId={data.pageId} link={data.link} canEdit={data.canEdit} reload={reload} />}
    </>
  );
}

function Linked({
  api,
  pageId,
  link,
  canEdit,
  reload,
}: {
  api: MacroApi;
  pageId: string;
  link: MacroLink;
  canEdit: boolean;
  reload: () => void;
}) {
  const pm = link.postmortem;
  return (
    <>
      <section className="card section" aria-labelledby="pm-facts">
        <h2 id="pm-facts" className="visually-hidden">
          Incident and postmortem
        </h2>
        <dl className="facts">
          <dt>Incident</dt>
          <dd>
            {link.incident ? (
              <>
                <ProductLink href={link.incident.url}>{link.incident.key}</ProductLink> {link.incident.summary}{' '}
                <Lozenge tone={link.incident.statusCategory === 'done' ? 'success' : 'default'}>{link.incident.status}</Lozenge>
                {link.incident.priority && <span className="subtle"> · Priority {link.incident.priority}</span>}
              </>
            ) : (
              <>
                {pm.incidentKey} <span className="subtle">(you do not have permission to see this incident)</span>
              </>
            )}
          </dd>
          <dt>Incident date</dt>
          <dd>{pm.incidentDate}</dd>
          <dt>Owner</dt>
          <dd>{link.owner.displayName}</dd>
          <dt>Due</dt>
          <dd data-testid="pm-due">
            {pm.dueDate} <Lozenge tone={dueTone(link.dueState)}>{link.due}</Lozenge>
          </dd>
          <dt>Review</dt>
          <dd data-testid="pm-status">
            <Lozenge tone={STATUS_TONE[pm.status]}>{STATUS_LABEL[pm.status]}</Lozenge>
            {pm.status === 'in-review' && pm.requestedReviewAt && <span className="subtle"> since {formatDate(pm.requestedReviewAt)}</span>}
            {pm.review && link.reviewer && (
              <span className="subtle">
                {' '}
                by {link.reviewer.displayName} on {formatDate(pm.review.reviewedAt)}
              </span>
            )}
            {pm.review?.note && <blockquote className="note">{pm.review.note}</blockquote>}
            {pm.review?.acceptedFindings ? (
              <span className="subtle" data-testid="pm-accepted">
                {' '}
                ({pm.review.acceptedFindings} open finding{pm.review.acceptedFindings === 1 ? '' : 's'} accepted by the reviewer)
              </span>
            ) : null}
          </dd>
        </dl>
        {pm.status !== 'draft' && pm.reviewRequest && pm.reviewRequest.findingsTotal > 0 && (
          <div className="card section" data-testid="pm-review-request">
            <p>
              Sent to review with {pm.reviewRequest.findingsTotal} open finding{pm.reviewRequest.findingsTotal === 1 ? '' : 's'}
              {pm.reviewRequest.reason ? '. The reason given:' : '.'}
            </p>
            {pm.reviewRequest.reason && <blockquote className="note">{pm.reviewRequest.reason}</blockquote>}
            <ul>
              {pm.reviewRequest.findings.map((f, i) => (
                <li key={i}>{findingLine(f)}</li>
              ))}
            </ul>
          </div>
        )}
      </section>
      <ReviewActions api={api} link={link} canEdit={canEdit} reload={reload} />
      <Factors api={api} link={link} />
      <TemplateCheck api={api} pageId={pageId} link={link} reload={reload} />
      {link.actions.refreshTimeline && api.refreshTimeline && <TimelineRefresh api={api} link={link} />}
      <Findings link={link} />
      <ActionItems pageId={pageId} incidentKey={pm.incidentKey} canEdit={canEdit} />
    </>
  );
}

function ReviewActions({ api, link, canEdit, reload }: { api: MacroApi; link: MacroLink; canEdit: boolean; reload: () => void }) {
  const [busy, setBusy] = useState<string | null>(null);
  const [failure, setFailure] = useState<ResolverError | null>(null);
  const [done, setDone] = useContext(ReviewDone);
  const [note, setNote] = useState('');
  const [noteOpen, setNoteOpen] = useState(false);
  const [noteError, setNoteError] = useState<string | null>(null);
  // The review gate: the findings the server found open when sending, and the reason to go on.
  const [gate, setGate] = useState<ReturnType<typeof findingsOfRefusal> | null>(null);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);
  const [accept, setAccept] = useState(false);
  const { actions } = link;
  const status = link.postmortem.status;
  const openCount =
    (link.templateCheck.state === 'checked' && !link.templateCheck.ok ? link.templateCheck.problems.length : 0) +
    (link.languageCheck.state === 'checked' ? link.languageCheck.findings.length : 0);

  const run = async (payload: ReviewActionPayload, what: string, success: string) => {
    setBusy(what);
    setFailure(null);
    setDone(null);
    const res = await api.reviewAction(payload);
    setBusy(null);
    if (!res.ok) {
      const open = findingsOfRefusal(res.error.details);
      if (payload.action === 'request-review' && open.length > 0) {
        setGate(open);
        setFailure(null);
        return;
      }
      setFailure(res.error);
      return;
    }
    setDone(res.data.told ? `${success} ${res.data.told}` : success);
    setNote('');
    setNoteOpen(false);
    setGate(null);
    setReason('');
    setAccept(false);
    reload();
  };

  const submitReason = (e: FormEvent) => {
    e.preventDefault();
    const trimmed = reason.trim();
    if (!trimmed) {
      setReasonError('Say why it should go to review as it is, or fix the findings first.');
      return;
    }
    if (trimmed.length > NOTE_MAX) {
      setReasonError(`Keep the reason under ${NOTE_MAX} characters (it has ${trimmed.length}).`);
      return;
    }
    setReasonError(null);
    void run({ action: 'request-review', reason: trimmed }, 'Sending to review…', 'Sent to review with your reason.');
  };

  const submitReview = (e: FormEvent) => {
    e.preventDefault();
    const trimmed = note.trim();
    if (trimmed.length > NOTE_MAX) {
      setNoteError(`Keep the note under ${NOTE_MAX} characters (it has ${trimmed.length}).`);
      return;
    }
    if (accept && !trimmed) {
      setNoteError('Say in the note why the open findings are accepted.');
      return;
    }
    setNoteError(null);
    const payload: ReviewActionPayload = trimmed ? { action: 'mark-reviewed', note: trimmed } : { action: 'mark-reviewed' };
    if (accept) payload.acceptFindings = true;
    void run(payload, 'Recording the review…', 'Marked reviewed.');
  };

  if (!canEdit) {
    return <p className="subtle section">You do not have permission to edit this page, so you cannot change its review status.</p>;
  }
  const blocked = reviewBlockedNote(link.templateCheck, link.languageCheck);
  return (
    <section className="section" aria-labelledby="pm-review">
      <h2 id="pm-review">Review</h2>
      {status === 'draft' && (
        <>
          {blocked && (
            <p className="subtle" id="review-blocked">
              {blocked}
            </p>
          )}
          <button
            className="primary"
            disabled={busy !== null || !actions.requestReview}
            aria-describedby={blocked ? 'review-blocked' : undefined}
            onClick={() => void run({ action: 'request-review' }, 'Sending to review…', 'Sent to review.')}
          >
            Send to review
          </button>
          {gate && (
            <form onSubmit={submitReason} noValidate className="card section" aria-labelledby="gate-title" data-testid="review-gate">
              <h3 id="gate-title">Open before review</h3>
              <p>Fix these on the page, or send it to review anyway with a reason: the review meeting sees the reason and this list.</p>
              <ul>
                {gate.map((f, i) => (
                  <li key={i}>{findingLine(f)}</li>
                ))}
              </ul>
              <NoteField
                id="review-reason"
                label="Reason to go on"
                value={reason}
                onChange={setReason}
                error={reasonError}
                help={`${reason.trim().length} / ${NOTE_MAX} characters`}
                fullWidth
              />
              <div className="buttons">
                <button type="submit" className="primary" disabled={busy !== null}>
                  Send to review with this reason
                </button>
                <button type="button" disabled={busy !== null} onClick={() => setGate(null)}>
                  Cancel, fix them first
                </button>
              </div>
            </form>
          )}
        </>
      )}
      {status === 'in-review' && link.isOwner && <p className="subtle">Someone other than you, the owner, records the review.</p>}
      {status === 'in-review' && actions.markReviewed && !noteOpen && (
        <button className="primary" disabled={busy !== null} onClick={() => setNoteOpen(true)}>
          Mark reviewed…
        </button>
      )}
      {noteOpen && (
        <form onSubmit={submitReview} noValidate className="card section">
          <NoteField
            id="review-note"
            label="Review note (optional)"
            value={note}
            onChange={setNote}
            error={noteError}
            help={`${note.trim().length} / ${NOTE_MAX} characters`}
            fullWidth
          />
          {link.requireSettledFindings && openCount > 0 && (
            <label className="checkbox">
              <input type="checkbox" checked={accept} onChange={(e) => setAccept(e.currentTarget.checked)} /> Accept the {openCount} open
              finding{openCount === 1 ? '' : 's'} (say why in the note); otherwise have them fixed first
            </label>
          )}
          <div className="buttons">
            <button type="submit" className="primary" disabled={busy !== null}>
              Mark reviewed
            </button>
            <button type="button" disabled={busy !== null} onClick={() => setNoteOpen(false)}>
              Cancel
            </button>
          </div>
        </form>
      )}
      {actions.reopen && (
        <button disabled={busy !== null} onClick={() => void run({ action: 'reopen' }, 'Reopening…', 'Reopened as a draft.')}>
          Reopen as draft
        </button>
      )}
      {busy && (
        <p role="status" aria-live="polite" className="subtle">
          {busy}
        </p>
      )}
      {done && !busy && (
        <p role="status" aria-live="polite" className="subtle">
          {done}
        </p>
      )}
      {failure && (
        <div role="alert" className="message error">
          <p>{failure.message.split(/(?<=\.) (?=The required section)/)[0]}</p>
          {findingsOfRefusal(failure.details).length > 0 && (
            <ul>
              {findingsOfRefusal(failure.details).map((f, i) => (
                <li key={i}>{findingLine(f)}</li>
              ))}
            </ul>
          )}
          {Array.isArray(failure.details?.problems) && (
            <ul>
              {(failure.details?.problems as Array<{ message?: unknown }>).map((p, i) => (
                <li key={i}>{String(p.message ?? '')}</li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}

/**
 * Contributing factors of a reviewed postmortem, from the admins' taxonomy: tagged by whoever may
 * edit the page, shown to every reader; the report lists postmortems per factor.
 */
function Factors({ api, link }: { api: MacroApi; link: MacroLink }) {
  const pm = link.postmortem;
  const stored = pm.factors ?? [];
  const [picked, setPicked] = useState<string[]>(stored);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<ResolverError | null>(null);
  const [saved, setSaved] = useState<string[] | null>(null);
  useEffect(() => setPicked(pm.factors ?? []), [(pm.factors ?? []).join('|')]);
  const canTag = link.actions.tagFactors && !!api.tagFactors;
  if (pm.status !== 'reviewed' && stored.length === 0) return null;
  const fold = (f: string) => f.toLocaleLowerCase('en');
  // The taxonomy, then any factor the postmortem has that admins have since removed from it.
  const offered = [...link.factorTaxonomy, ...stored.filter((f) => !link.factorTaxonomy.some((t) => fold(t) === fold(f)))];
  const has = (f: string) => picked.some((p) => fold(p) === fold(f));
  const toggle = (f: string, on: boolean) =>
    setPicked(on ? [...picked.filter((p) => fold(p) !== fold(f)), f] : picked.filter((p) => fold(p) !== fold(f)));
  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (!api.tagFactors) return;
    setBusy(true);
    setFailure(null);
    setSaved(null);
    const res = await api.tagFactors(picked);
    setBusy(false);
    if (!res.ok) {
      setFailure(res.error);
      return;
    }
    // No reload: the overview would unmount this section and its confirmation with it.
    setSaved(res.data.postmortem.factors ?? []);
    setPicked(res.data.postmortem.factors ?? []);
  };
  return (
    <section className="section" aria-labelledby="pm-factors" data-testid="pm-factors">
      <h2 id="pm-factors">Contributing factors</h2>
      {pm.status !== 'reviewed' && (
        <p className="subtle">Tagged at its last review: {stored.join(', ')}. They can be changed once it is reviewed again.</p>
      )}
      {pm.status === 'reviewed' && !canTag && (
        <p>
          {stored.length ? stored.join(', ') : 'None tagged yet.'}{' '}
          <span className="subtle">Someone who may edit this page tags them; the report lists postmortems by factor.</span>
        </p>
      )}
      {pm.status === 'reviewed' && canTag && offered.length === 0 && (
        <p className="subtle">Your Jira admins have not listed any contributing factors yet (Postmortem settings, Process).</p>
      )}
      {pm.status === 'reviewed' && canTag && offered.length > 0 && (
        <form onSubmit={save} noValidate>
          <fieldset className="factor-list">
            <legend>
              What contributed to this incident? The report lists postmortems by factor, so a review meeting can compare them.
            </legend>
            {offered.map((f) => (
              <label key={f} className="checkbox">
                <input type="checkbox" checked={has(f)} onChange={(e) => toggle(f, e.currentTarget.checked)} /> {f}
              </label>
            ))}
          </fieldset>
          <div className="buttons">
            <button type="submit" className="primary" disabled={busy} aria-busy={busy}>
              {busy ? 'Saving…' : 'Save factors'}
            </button>
          </div>
        </form>
      )}
      {saved && !busy && (
        <p role="status" aria-live="polite" className="subtle" data-testid="factors-saved">
          {saved.length ? `Tagged: ${saved.join(', ')}.` : 'No contributing factors tagged.'}
        </p>
      )}
      {failure && <ErrorMessage error={failure} />}
    </section>
  );
}

function TemplateCheck({ api, pageId, link, reload }: { api: MacroApi; pageId: string; link: MacroLink; reload: () => void }) {
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<ResolverError | null>(null);
  const [added, setAdded] = useState<string[] | null>(null);
  const [stale, setStale] = useState(false);
  // A confirmation kept across the page reload that follows adding sections.
  useEffect(() => {
    const kept = takeSectionsAdded(api.notes ?? null, pageId);
    if (kept) setAdded(kept);
  }, [pageId]);
  const check = link.templateCheck;
  const add = async () => {
    setBusy(true);
    setFailure(null);
    setAdded(null);
    const res = await api.addMissingSections();
    if (!res.ok) {
      setBusy(false);
      setFailure(res.error);
      return;
    }
    setAdded(res.data.added);
    if (res.data.added.length > 0 && api.reloadPage) {
      // The page around the macro shows the new version: the host reloads it, and the macro says
      // what was added once it is back.
      // (If the person stays, for instance to keep unsent drafts, the macro shows it here.)
      rememberSectionsAdded(api.notes ?? null, pageId, res.data.added);
      try {
        await api.reloadPage();
        // The host is replacing this page. Loading the overview again here would remount this
        // check, which would take the kept confirmation before the reloaded macro could show it.
        setBusy(false);
        return;
      } catch {
        takeSectionsAdded(api.notes ?? null, pageId);
      }
    }
    setBusy(false);
    setStale(res.data.added.length > 0);
    reload();
  };
  if (check.state === 'failed') {
    return (
      <section className="section" aria-labelledby="pm-template">
        <h2 id="pm-template">Template check</h2>
        <div className="message error" role="alert" data-testid="pm-template-error">
          <p>{check.error}</p>
        </div>
      </section>
    );
  }
  return (
    <section className="section" aria-labelledby="pm-template">
      <h2 id="pm-template">Template check</h2>
      {!check.readable && (
        <p className="message error">The page body could not be read as a document, so the template could not be checked.</p>
      )}
      {check.ok ? (
        <p>
          <Lozenge tone="success">complete</Lozenge> Every required section is there and written.
        </p>
      ) : (
        <ul className="problems">
          {check.problems.map((p) => (
            <li key={p.sectionId}>{p.message}</li>
          ))}
        </ul>
      )}
      {check.missingSections.length > 0 && (
        <div>
          <p className="subtle">Sections of the template this page lacks: {check.missingSections.join(', ')}.</p>
          {link.actions.addMissingSections && (
            <button disabled={busy} aria-busy={busy} onClick={() => void add()}>
              {busy ? 'Adding sections…' : 'Add missing sections'}
            </button>
          )}
        </div>
      )}
      {busy && (
        <p role="status" aria-live="polite" className="subtle">
          Adding the missing sections where the template puts them; what is written stays as it is.
        </p>
      )}
      {added && !busy && (
        <div role="status" aria-live="polite" className={`message ${added.length ? 'success' : 'info'}`} data-testid="sections-added">
          <p>
            {sectionsAddedText(added)}
            {stale && ' Reload the page to see them.'}
          </p>
        </div>
      )}
      {failure && <ErrorMessage error={failure} />}
    </section>
  );
}

/** "Refresh timeline from Jira": adds what is new in the incident's history; the author's rows stay. */
function TimelineRefresh({ api, link }: { api: MacroApi; link: MacroLink }) {
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<ResolverError | null>(null);
  const [done, setDone] = useState<RefreshTimelineResult | null>(null);
  const key = link.postmortem.incidentKey;
  const refresh = async () => {
    if (!api.refreshTimeline) return;
    setBusy(true);
    setFailure(null);
    setDone(null);
    const res = await api.refreshTimeline();
    setBusy(false);
    if (!res.ok) {
      setFailure(res.error);
      return;
    }
    setDone(res.data);
  };
  return (
    <section className="section" aria-labelledby="pm-timeline">
      <h2 id="pm-timeline">Timeline</h2>
      <p className="subtle">
        The Timeline section is drafted from {key}’s Jira history, people named by their part (the reporter, the assignee, a responder).
        Refreshing adds what happened since; the lines you wrote or changed stay as they are.
      </p>
      <button disabled={busy} aria-busy={busy} onClick={() => void refresh()} data-testid="refresh-timeline">
        {busy ? 'Reading Jira…' : 'Refresh timeline from Jira'}
      </button>
      {done && (
        <div role="status" aria-live="polite" className={`message ${done.added ? 'success' : 'info'}`} data-testid="timeline-refreshed">
          <p>
            {done.added === 0
              ? `Nothing new in ${key}’s history since the timeline’s last event.`
              : `Added ${done.added} event${done.added === 1 ? '' : 's'} from ${key}’s history. Reload the page to see them.`}
            {!done.complete && ' The history is long: refresh again to add the rest.'}
          </p>
        </div>
      )}
      {failure && <ErrorMessage error={failure} />}
    </section>
  );
}

function Findings({ link }: { link: MacroLink }) {
  const check = link.languageCheck;
  const summary = findingsSummary(check);
  return (
    <section className="section" aria-labelledby="pm-findings">
      <h2 id="pm-findings">Blameless and plain language</h2>
      {summary.tone === 'error' && (
        <div className="message error" role="alert" data-testid="pm-findings-error">
          <p>{summary.text}</p>
        </div>
      )}
      {summary.tone === 'clear' && <p className="subtle">{summary.text}</p>}
      {summary.tone === 'findings' && check.state === 'checked' && (
        <>
          <p>{summary.text}</p>
          <ul className="findings">
            {check.findings.map((f, i) => (
              <li key={i} className="card">
                <p>
                  <Lozenge tone="warning">{KIND_LABEL[f.kind] ?? f.kind}</Lozenge> <strong>{f.match}</strong> in <em>{f.sectionTitle}</em>
                  {f.occurrences > 1 && <span className="subtle"> ({f.occurrences} times)</span>}
                </p>
                <blockquote className="excerpt">{f.excerpt}</blockquote>
                <p>{f.suggestion}</p>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
