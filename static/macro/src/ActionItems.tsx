/**
 * The postmortem's action items in the macro: a live table read from Jira (as the viewer), inline
 * edits of due date and assignee, and the multi-draft form. MacroApp renders it when the page is
 * linked to its incident.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { ActionItemList, ActionItemRow, UpdateActionItemResult } from '@contracts/macro-actions';
import type { Envelope, ResolverError } from '@contracts/resolver';
import { callResolver, getContext } from '../../common/bridge';
import { ErrorMessage, Loading, Lozenge, useLoad } from '../../common/ui';
import { DateField } from '../../common/DateField';
import { AssigneePicker, ActionItemsForm, type FormApi } from './ActionItemsForm';
import { countsText, replaceRow, stateTone, type CreationReport, type Draft } from './action-items-logic';
import { browserStorage, discardDrafts, draftsKey, loadDrafts, restoredText, saveDrafts, type DraftStorage } from './draft-store-logic';
import './action-items.css';
import { ProductLink } from '../../common/links';

export interface ActionItemsApi extends FormApi {
  /** `reconcile`: ids of items just created, which Jira's search may not show yet. */
  list(reconcile?: string[]): Promise<Envelope<ActionItemList>>;
  update(change: { issueKey: string; dueDate?: string; assigneeAccountId?: string }): Promise<Envelope<UpdateActionItemResult>>;
}

/** The calls, bound to this page's incident (the resolver checks the page really is linked to it). */
export function bridgeApi(incidentKey: string): ActionItemsApi {
  return {
    list: (reconcile) => callResolver('macro-resolver', 'listActionItems', { incidentKey, ...(reconcile?.length ? { reconcile } : {}) }),
    create: (drafts) => callResolver('macro-resolver', 'createActionItems', { incidentKey, drafts }),
    update: (change) => callResolver('macro-resolver', 'updateActionItem', { incidentKey, ...change }),
    findAssignees: (where, query) => callResolver('macro-resolver', 'findAssignees', { incidentKey, ...where, query }),
    findSimilar: (summary) => callResolver('macro-resolver', 'findSimilarActionItems', { incidentKey, summary: summary.slice(0, 255) }),
  };
}

export function ActionItems({ pageId, incidentKey, canEdit }: { pageId: string; incidentKey: string; canEdit: boolean }) {
  const api = useMemo(() => bridgeApi(incidentKey), [incidentKey, pageId]);
  // Unsent drafts are kept in this browser per page and per person (the bridge's context says who).
  const [keep, setKeep] = useState<KeptDrafts | null>(null);
  useEffect(() => {
    let live = true;
    getContext().then(
      (ctx) => {
        if (live && ctx.accountId) setKeep({ storage: browserStorage(), key: draftsKey(pageId, ctx.accountId) });
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [pageId]);
  return <ActionItemsView api={api} incidentKey={incidentKey} canEdit={canEdit} keep={keep} />;
}

/** Where unsent drafts are kept: the browser's storage and this page's and person's key. */
export interface KeptDrafts {
  storage: DraftStorage | null;
  key: string;
}

function RowEditor({
  row,
  today,
  api,
  onDone,
}: {
  row: ActionItemRow;
  today: string;
  api: ActionItemsApi;
  onDone(row?: ActionItemRow): void;
}) {
  const [dueDate, setDueDate] = useState(row.dueDate ?? '');
  const [assignee, setAssignee] = useState({ accountId: row.assignee?.accountId ?? '', displayName: row.assignee?.displayName ?? '' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ResolverError | null>(null);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);
  const save = async (e: { preventDefault(): void }) => {
    e.preventDefault();
    if (busy) return;
    const change: { issueKey: string; dueDate?: string; assigneeAccountId?: string } = { issueKey: row.key };
    if (dueDate !== (row.dueDate ?? '')) change.dueDate = dueDate;
    if (assignee.accountId && assignee.accountId !== (row.assignee?.accountId ?? '')) change.assigneeAccountId = assignee.accountId;
    if (change.dueDate === undefined && change.assigneeAccountId === undefined) return onDone();
    setBusy(true);
    const res = await api.update(change);
    setBusy(false);
    if (res.ok) onDone(res.data.item);
    else setError(res.error);
  };
  const id = `edit-${row.key}`;
  return (
    <form onSubmit={save} className="row-editor" aria-label={`Edit ${row.key}`} aria-busy={busy}>
      <DateField
        id={`${id}-due`}
        label="Due date"
        inputRef={first}
        min={today}
        value={dueDate}
        onChange={setDueDate}
        error={error?.fields?.dueDate}
      />
      <AssigneePicker
        id={`${id}-assignee`}
        label="Assignee"
        where={{ issueKey: row.key }}
        value={assignee}
        onChange={setAssignee}
        find={api.findAssignees}
        error={error?.fields?.assigneeAccountId}
      />
      {error && !error.fields && (
        <p role="alert" className="field-error">
          {error.message}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Saving in Jira…' : 'Save'}
        </button>
        <button type="button" onClick={() => onDone()} disabled={busy}>
          Cancel
        </button>
      </div>
    </form>
  );
}

export function ActionItemsView({
  api,
  incidentKey,
  canEdit,
  keep = null,
}: {
  api: ActionItemsApi;
  incidentKey: string;
  canEdit: boolean;
  keep?: KeptDrafts | null;
}) {
  // Items created here: Jira's search lags writes, so each reload asks it to include them.
  const recent = useRef<string[]>([]);
  const fetcher = useCallback(() => api.list(recent.current), [api]);
  const [load, reload] = useLoad(fetcher);
  // The last list read, kept while a reload runs so the table and the form stay in place.
  const [last, setLast] = useState<ActionItemList | null>(null);
  useEffect(() => {
    if (load.state === 'ready') setLast(load.data);
  }, [load]);
  const data = load.state === 'ready' ? load.data : last;
  const [edited, setEdited] = useState<Record<string, ActionItemRow>>({});
  const [editing, setEditing] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const [notice, setNotice] = useState('');
  // Drafts restored from the browser, handed to the form once; `formKey` starts a fresh form.
  const [restored, setRestored] = useState<Draft[] | null>(null);
  const [formKey, setFormKey] = useState(0);
  const restore = useCallback(() => {
    const kept = keep ? loadDrafts(keep.storage, keep.key) : [];
    setRestored(kept.length ? kept : null);
    setFormKey((k) => k + 1);
    return kept.length;
  }, [keep]);
  useEffect(() => {
    if (canEdit && keep && !adding && restore() > 0) setAdding(true);
  }, [keep, canEdit]);
  const onDraftsChange = useCallback(
    (drafts: Draft[]) => {
      if (keep) saveDrafts(keep.storage, keep.key, drafts);
    },
    [keep],
  );
  const discard = () => {
    if (keep) discardDrafts(keep.storage, keep.key);
    setRestored(null);
    setFormKey((k) => k + 1);
    setNotice('Unsent drafts discarded.');
  };

  const onCreated = (r: CreationReport) => {
    if (r.created.length > 0) {
      const ids = r.created.flatMap((c) => (c.issueId ? [c.issueId] : []));
      recent.current = [...new Set([...recent.current, ...ids])].slice(-50);
      setNotice(`${r.created.length} action item${r.created.length === 1 ? '' : 's'} created in Jira.`);
      setRestored(null);
      setEdited({});
      reload();
    }
  };
  return (
    <section className="action-items" aria-labelledby="ai-title">
      <h2 id="ai-title">Action items</h2>
      {load.state === 'loading' && !data && <Loading what="action items from Jira" />}
      {load.state === 'error' && <ErrorMessage error={load.error} onRetry={reload} />}
      {data && !data.incidentVisible && (
        <p className="message info">
          You cannot see incident {incidentKey} in Jira, so its action items are hidden. Ask a Jira admin for access to its project.
        </p>
      )}
      {data && data.incidentVisible && (
        <ItemsTable
          data={data}
          rows={replaceAll(data.items, edited)}
          canEdit={canEdit}
          editing={editing}
          onEdit={setEditing}
          editor={(row) => (
            <RowEditor
              row={row}
              today={data.today}
              api={api}
              onDone={(updated) => {
                if (updated) {
                  setEdited((e) => ({ ...e, [updated.key]: updated }));
                  setNotice(`${updated.key} updated in Jira.`);
                }
                setEditing(null);
              }}
            />
          )}
        />
      )}
      <p role="status" aria-live="polite" className="subtle">
        {load.state === 'loading' && data ? 'Refreshing from Jira…' : notice}
      </p>
      {data && data.incidentVisible && canEdit && !adding && (
        <button
          type="button"
          className="primary"
          onClick={() => {
            restore();
            setAdding(true);
          }}
        >
          Add action items
        </button>
      )}
      {data && data.incidentVisible && canEdit && adding && restored && (
        <div className="message info restored-drafts" role="status" data-testid="drafts-restored">
          <p>
            <strong>{restoredText(restored.length)}</strong> from your last visit. They are kept in this browser only, until you create or
            discard them.
          </p>
          <button type="button" onClick={discard}>
            Discard {restored.length === 1 ? 'draft' : 'drafts'}
          </button>
        </div>
      )}
      {data && data.incidentVisible && canEdit && adding && (
        <ActionItemsForm
          key={formKey}
          initialDrafts={restored ?? undefined}
          onDraftsChange={onDraftsChange}
          api={api}
          today={data.today}
          projectKeys={data.form.projectKeys}
          defaultProjectKey={data.form.defaultProjectKey}
          duePolicy={data.form.dueDatePolicy}
          onCreated={onCreated}
          onCancel={() => setAdding(false)}
        />
      )}
    </section>
  );
}

function replaceAll(rows: ActionItemRow[], edited: Record<string, ActionItemRow>): ActionItemRow[] {
  return Object.values(edited).reduce(replaceRow, rows);
}

function ItemsTable(props: {
  data: ActionItemList;
  rows: ActionItemRow[];
  canEdit: boolean;
  editing: string | null;
  onEdit(key: string | null): void;
  editor(row: ActionItemRow): ReactNode;
}) {
  const { data, rows } = props;
  if (rows.length === 0) {
    return (
      <p className="subtle empty">
        No action items yet. {props.canEdit ? 'Add them below: each' : 'Each'} becomes a Jira task with an owner and a due date; items
        labelled <code>postmortem-action</code> and linked to {data.incidentKey} in Jira show up here too.
      </p>
    );
  }
  return (
    <>
      <p className="counts">
        <strong>{countsText(data.counts)}</strong>
        {data.truncated && <span className="subtle"> · showing the first {rows.length}; the rest are in Jira</span>}
      </p>
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">Action items of {data.incidentKey}, read live from Jira</caption>
          <thead>
            <tr>
              <th scope="col">Key</th>
              <th scope="col">Summary</th>
              <th scope="col">Status</th>
              <th scope="col">Assignee</th>
              <th scope="col">Due</th>
              <th scope="col">Priority</th>
              {props.canEdit && (
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key}>
                <td>
                  <ProductLink href={r.url}>{r.key}</ProductLink>
                </td>
                <td>
                  {r.summary}
                  {r.kind && <span className="subtle"> · {r.kind}</span>}
                  {r.handMade && <span className="subtle"> · added in Jira</span>}
                </td>
                <td>
                  <Lozenge tone={r.state === 'done' ? 'success' : 'default'}>{r.status}</Lozenge>
                </td>
                <td>{r.assignee ? r.assignee.displayName : <span className="subtle">Unassigned</span>}</td>
                <td>
                  {r.dueDate && (
                    <span data-testid="due-date" className="token">
                      {r.dueDate}
                    </span>
                  )}
                  <Lozenge tone={stateTone(r.state)}>{r.due}</Lozenge>
                  {props.editing === r.key && props.editor(r)}
                </td>
                <td>{r.priority ?? '—'}</td>
                {props.canEdit && (
                  <td>
                    {props.editing !== r.key && r.state !== 'done' && (
                      <button type="button" onClick={() => props.onEdit(r.key)} aria-label={`Edit ${r.key}: due date or assignee`}>
                        Edit
                      </button>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
