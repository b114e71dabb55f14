/**
 * "Won't do" on an action item: ask to close it without doing it (with a reason), and its manager's
 * approval or decline. Until approved the item counts as open, also when resolved as Won't Do in
 * Jira directly; the server checks who may ask (edit permission) and who decides (the item's manager).
 */
import { useState, type FormEvent } from 'react';
import type { Envelope, ResolverError } from '@contracts/resolver';
import type { WaiverView } from '@contracts/waivers';
import { ErrorMessage, Loading, Lozenge, NoteField, useLoad } from '../../common/ui';

export interface WaiverApi {
  getWaiver(): Promise<Envelope<WaiverView>>;
  requestWaiver(reason: string): Promise<Envelope<WaiverView>>;
  decideWaiver(decision: 'approve' | 'decline', note?: string): Promise<Envelope<WaiverView>>;
}

const MAX = 2000;

export function waiverSummary(v: WaiverView): string {
  const managers = v.managers.map((m) => m.displayName).join(' or ') || 'its manager';
  switch (v.state) {
    case 'requested':
      return `${v.requestedBy?.displayName ?? 'Someone'} asked to close it without doing it; it stays open until ${managers} approves.`;
    case 'approved':
      return `Won't do: approved by ${v.decidedBy?.displayName ?? 'its manager'}. It no longer counts as open.`;
    case 'declined':
      return `${v.decidedBy?.displayName ?? 'Its manager'} declined closing it without doing it: it must be done.`;
    case 'unapproved-wont-do':
      return `Resolved as Won't Do in Jira, but ${managers} has not approved that, so it still counts as open (and is still chased). Ask for approval below.`;
    default:
      return '';
  }
}

export function Waiver({ api }: { api: WaiverApi }) {
  const [load, reload] = useLoad(api.getWaiver);
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [failure, setFailure] = useState<ResolverError | null>(null);
  const [busy, setBusy] = useState(false);
  if (load.state === 'loading') return <Loading what="the Won't do state" />;
  if (load.state === 'error') return <ErrorMessage error={load.error} onRetry={reload} />;
  const v = load.data;
  if (!v.actionItem) return null;

  const act = async (call: () => Promise<Envelope<WaiverView>>) => {
    setBusy(true);
    setFailure(null);
    const r = await call();
    setBusy(false);
    if (!r.ok) {
      setFailure(r.error);
      return;
    }
    setOpen(false);
    setText('');
    reload();
  };
  const submitRequest = (e: FormEvent) => {
    e.preventDefault();
    const reason = text.trim();
    if (!reason) return setFieldError('Say why this item will not be done: its manager decides on that reason.');
    if (reason.length > MAX) return setFieldError(`Keep the reason under ${MAX} characters (it has ${reason.length}).`);
    setFieldError(null);
    void act(() => api.requestWaiver(reason));
  };
  const summary = waiverSummary(v);
  return (
    <section className="section" aria-labelledby="waiver-title" data-testid="waiver">
      <h2 id="waiver-title">Won't do</h2>
      {summary && (
        <p>
          <Lozenge tone={v.state === 'approved' ? 'success' : v.state === 'declined' ? 'danger' : 'warning'}>
            {v.state.replace(/-/g, ' ')}
          </Lozenge>{' '}
          {summary}
        </p>
      )}
      {v.request && v.state !== 'none' && (
        <blockquote className="note" data-testid="waiver-reason">
          {v.request.reason}
        </blockquote>
      )}
      {v.request?.note && <p className="subtle">Manager's note: {v.request.note}</p>}
      {v.canDecide && (
        <div className="buttons">
          <label htmlFor="waiver-note">Note (needed to decline)</label>
          <textarea id="waiver-note" rows={2} value={text} onChange={(e) => setText(e.currentTarget.value)} />
          <button className="primary" disabled={busy} onClick={() => void act(() => api.decideWaiver('approve', text.trim() || undefined))}>
            Approve: close without doing it
          </button>
          <button disabled={busy} onClick={() => void act(() => api.decideWaiver('decline', text.trim() || undefined))}>
            Decline: it must be done
          </button>
        </div>
      )}
      {v.canRequest && !open && (
        <button disabled={busy} onClick={() => setOpen(true)}>
          Close without doing it…
        </button>
      )}
      {open && (
        <form onSubmit={submitRequest} noValidate>
          <NoteField
            id="waiver-reason-input"
            helpId="waiver-reason-help"
            label="Why will it not be done?"
            value={text}
            onChange={setText}
            error={fieldError}
            help={`${v.managers.map((m) => m.displayName).join(' or ') || 'Its manager'} decides; until then it counts as open.`}
          />
          <div className="buttons">
            <button type="submit" className="primary" disabled={busy}>
              Ask for approval
            </button>
            <button type="button" disabled={busy} onClick={() => setOpen(false)}>
              Cancel
            </button>
          </div>
        </form>
      )}
      {failure && (
        <div role="alert" className="message error">
          <p>{failure.message}</p>
        </div>
      )}
    </section>
  );
}
