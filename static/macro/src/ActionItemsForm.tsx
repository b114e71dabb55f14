/** The multi-draft form: several action items drafted, checked and created at once. */
import { useEffect, useRef, useState } from 'react';
import { ACTION_KINDS, KIND_LABEL, PRIORITY_NAMES, SUMMARY_MAX, type DraftField, type DuePolicy } from '@contracts/action-item-rules';
import type { Envelope } from '@contracts/resolver';
import type { Assignee, CreateActionItemsResult, FindSimilarResult } from '@contracts/macro-actions';
import {
  applyOutcomes,
  changePriority,
  laterThanPolicy,
  proposeDue,
  checkDrafts,
  creatingText,
  newDraft,
  splitChecked,
  toPayload,
  withHeld,
  type CreationReport,
  type Draft,
} from './action-items-logic';
import { DateField } from '../../common/DateField';
import { ProductLink } from '../../common/links';
import { unsentDrafts } from './draft-store-logic';
import { Avatar, comboboxInputProps, OptionList } from '../../common/Combobox';
import { useCombobox, useDebouncedSearch } from '../../common/hooks';

export interface FormApi {
  create(drafts: ReturnType<typeof toPayload>[]): Promise<Envelope<CreateActionItemsResult>>;
  findAssignees(where: { projectKey: string } | { issueKey: string }, query: string): Promise<Envelope<{ users: Assignee[] }>>;
  /** Earlier action items like a draft's summary ("Has this fix been proposed before?"). */
  findSimilar?(summary: string): Promise<Envelope<FindSimilarResult>>;
}

/** Three words or more: enough to compare with earlier items. */
const SIMILAR_MIN_CHARS = 12;

/**
 * "Proposed before": earlier action items like this draft, with their incident and state, found
 * once typing pauses. Says nothing while there is nothing alike.
 */
export function SimilarItems(props: {
  summary: string;
  find: NonNullable<FormApi['findSimilar']>;
  id: string;
  /** Told the keys shown (none when nothing is alike), so the created item can record what it repeats. */
  onFound?: (keys: string[]) => void;
}) {
  const found = useDebouncedSearch(props.summary, props.find, { delay: 500, minLength: SIMILAR_MIN_CHARS });
  const shown = found.state === 'done' ? found.result.items.map((i) => i.key) : [];
  const shownKey = shown.join(',');
  useEffect(() => {
    if (found.state === 'done' || props.summary.trim().length < SIMILAR_MIN_CHARS) props.onFound?.(shown);
  }, [shownKey, found.state]);
  if (found.state !== 'done' || found.result.items.length === 0) return <div id={props.id} aria-live="polite" />;
  const items = found.result.items;
  return (
    <div id={props.id} aria-live="polite" className="message info similar" data-testid="similar-items">
      <p>
        {items.length === 1 ? 'A similar action item was proposed before:' : `${items.length} similar action items were proposed before:`}
      </p>
      <ul>
        {items.map((i) => (
          <li key={i.key}>
            <ProductLink href={i.url}>{i.key}</ProductLink> {i.summary}{' '}
            <span className="subtle">
              ({i.incidentKey ? `proposed after ${i.incidentKey}, ` : ''}
              {i.done ? `done (${i.status})` : 'still open'})
            </span>
          </li>
        ))}
      </ul>
      <p className="subtle">If it is the same fix, follow that item instead of filing it again, or say in this one how it differs.</p>
    </div>
  );
}

/**
 * The person picker, as in Jira: one box; type part of a name, see the people Jira lets you assign
 * (avatar and name), pick one. The chosen person's name stays in the box, their avatar beside it;
 * typing again starts a new choice.
 */
export function AssigneePicker(props: {
  id: string;
  label: string;
  where: { projectKey: string } | { issueKey: string };
  value: { accountId: string; displayName: string };
  onChange(v: { accountId: string; displayName: string }): void;
  find: FormApi['findAssignees'];
  error?: string;
}) {
  const [query, setQuery] = useState(props.value.displayName);
  const whereKey = 'projectKey' in props.where ? `p:${props.where.projectKey}` : `i:${props.where.issueKey}`;
  const chosen = props.value.accountId !== '';
  const found = useDebouncedSearch(query, (q) => props.find(props.where, q), { enabled: whereKey !== 'p:' && !chosen, scope: whereKey });
  const options = found.state === 'done' ? found.result.users : [];
  const choose = (o: Assignee) => {
    setQuery(o.displayName);
    props.onChange({ accountId: o.accountId, displayName: o.displayName });
  };
  const combo = useCombobox(options, choose, { resetOn: found });
  // Another project (or a restored draft) sets the person from outside: the box follows.
  const lastWhere = useRef(whereKey);
  useEffect(() => {
    if (chosen) setQuery(props.value.displayName);
    else if (lastWhere.current !== whereKey) setQuery('');
    lastWhere.current = whereKey;
  }, [props.value.accountId, whereKey]);
  const listId = `${props.id}-options`;
  const errorId = `${props.id}-error`;
  const status =
    whereKey === 'p:'
      ? 'Choose the project first.'
      : found.state === 'searching'
        ? 'Searching…'
        : found.state === 'error'
          ? found.error.message
          : found.state === 'done'
            ? options.length
              ? `${options.length} ${options.length === 1 ? 'person' : 'people'} found. Use the arrow keys to choose, Enter to pick.`
              : 'Nobody assignable matches; try another name.'
            : '';
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <div className="combo person-combo">
        {chosen && <Avatar name={props.value.displayName} />}
        <input
          id={props.id}
          {...comboboxInputProps(combo, listId)}
          value={query}
          placeholder="Type a name or e-mail"
          maxLength={100}
          aria-invalid={props.error ? true : undefined}
          aria-describedby={props.error ? `${errorId} ${props.id}-status` : `${props.id}-status`}
          onChange={(e) => {
            setQuery(e.currentTarget.value);
            if (chosen) props.onChange({ accountId: '', displayName: '' });
            combo.setOpen(true);
          }}
        />
      </div>
      <OptionList listId={listId} label="People" combo={combo} options={options} keyOf={(o) => o.accountId} onChoose={choose}>
        {(o) => (
          <span className="person">
            <Avatar name={o.displayName} />
            {o.displayName}
          </span>
        )}
      </OptionList>
      <span id={`${props.id}-status`} className="subtle small" aria-live="polite">
        {status}
      </span>
      {props.error && (
        <span id={errorId} className="field-error">
          {props.error}
        </span>
      )}
    </div>
  );
}

function FieldError({ id, message }: { id: string; message?: string }) {
  return message ? (
    <span id={id} className="field-error">
      {message}
    </span>
  ) : null;
}

export function ActionItemsForm(props: {
  api: FormApi;
  today: string;
  projectKeys: string[];
  defaultProjectKey: string | null;
  /** The due-date policy: the form proposes its date and asks a reason for a later one. */
  duePolicy?: DuePolicy;
  onCreated(report: CreationReport): void;
  onCancel(): void;
  /** Drafts kept from an earlier visit (see draft-store-logic.ts); a blank draft when none. */
  initialDrafts?: Draft[];
  /** Told of every change, so unsent drafts are kept until created or discarded. */
  onDraftsChange?(drafts: Draft[]): void;
}) {
  const [drafts, setDrafts] = useState<Draft[]>(() =>
    props.initialDrafts?.length ? props.initialDrafts : [proposeDue(newDraft(props.defaultProjectKey), props.today, props.duePolicy)],
  );
  const onDraftsChange = props.onDraftsChange;
  useEffect(() => onDraftsChange?.(drafts), [drafts, onDraftsChange]);
  // Leaving the page with unsent drafts asks first (the browser shows its own wording).
  const hasUnsent = unsentDrafts(drafts).length > 0;
  useEffect(() => {
    if (!hasUnsent) return;
    const warn = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      e.returnValue = '';
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [hasUnsent]);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>('');
  const [report, setReport] = useState<CreationReport | null>(null);
  const firstField = useRef<HTMLInputElement>(null);
  // Set synchronously, so a double click cannot send twice before the busy state renders.
  const inFlight = useRef(false);
  useEffect(() => firstField.current?.focus(), []);
  // The Create button is disabled while Jira works, which drops the focus to the page: once the
  // answer is in, the focus goes to what it says (the outcome, or the problem).
  const outcome = useRef<HTMLDivElement>(null);
  const problemBox = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (report) outcome.current?.focus();
  }, [report]);
  useEffect(() => {
    if (problem) problemBox.current?.focus();
  }, [problem]);

  const update = (key: string, patch: Partial<Draft>) =>
    setDrafts((ds) =>
      ds.map((d) =>
        d.creationKey === key
          ? { ...d, ...patch, errors: { ...d.errors, ...Object.fromEntries(Object.keys(patch).map((k) => [k, undefined])) } }
          : d,
      ),
    );

  const submit = async (e: { preventDefault(): void }) => {
    e.preventDefault();
    if (inFlight.current) return; // a double click sends once; the creation keys make a retry safe anyway
    const checked = checkDrafts(drafts, { today: props.today, projectKeys: props.projectKeys, policy: props.duePolicy });
    const { ready, held } = splitChecked(checked.drafts);
    setReport(null);
    if (ready.length === 0) {
      setDrafts(checked.drafts);
      setProblem('The action items need attention: see the messages under the fields. Nothing was created.');
      return;
    }
    setProblem('');
    setDrafts(checked.drafts);
    setBusy(true);
    inFlight.current = true;
    const res = await props.api.create(ready.map(toPayload));
    inFlight.current = false;
    setBusy(false);
    if (!res.ok) {
      setProblem(`${res.error.message} Your drafts are kept; nothing was lost.`);
      return;
    }
    const r = withHeld(applyOutcomes(ready, res.data.outcomes), held);
    setReport(r);
    setDrafts(r.remaining);
    props.onCreated(r);
  };

  const field = (d: Draft, name: DraftField) => ({
    id: `${d.creationKey}-${name}`,
    'aria-invalid': d.errors[name] ? true : undefined,
    'aria-describedby': d.errors[name] ? `${d.creationKey}-${name}-error` : undefined,
  });

  return (
    <form className="card action-form" onSubmit={submit} aria-labelledby="ai-form-title" noValidate aria-busy={busy}>
      <h3 id="ai-form-title">New action items</h3>
      <p className="subtle">Each becomes a Jira task with an owner and a due date, linked to the incident and to this page.</p>
      {report && (report.created.length > 0 || report.failed.length > 0) && (
        <div
          role="status"
          ref={outcome}
          tabIndex={-1}
          data-testid="creation-outcome"
          className={`message ${report.failed.length ? 'error' : 'success'}`}
        >
          {report.created.length > 0 && (
            <>
              <p>
                <strong>{report.created.length} created in Jira</strong>
              </p>
              <ul>
                {report.created.map((c) => (
                  <li key={c.issueKey}>
                    <ProductLink href={`/browse/${encodeURIComponent(c.issueKey)}`}>{c.issueKey}</ProductLink> {c.summary}
                    {c.existing && <span className="subtle"> (already created by an earlier attempt; not duplicated)</span>}
                    {c.warnings.map((w) => (
                      <span key={w} className="field-error">
                        {' '}
                        {w}
                      </span>
                    ))}
                  </li>
                ))}
              </ul>
            </>
          )}
          {report.failed.length > 0 && (
            <>
              <p>
                <strong>{report.failed.length} not created</strong>, still in the form below:
              </p>
              <ul>
                {report.failed.map((f, i) => (
                  <li key={i}>
                    {f.summary}: {f.message}
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
      {problem && (
        <div role="alert" ref={problemBox} tabIndex={-1} className="message error">
          <p>{problem}</p>
        </div>
      )}
      {drafts.map((d, n) => (
        <fieldset key={d.creationKey} className="draft">
          <legend>Action item {n + 1}</legend>
          {d.failure && <p className="field-error">{d.failure}</p>}
          <div className="field wide">
            <label htmlFor={`${d.creationKey}-summary`}>Summary (required)</label>
            <input
              ref={n === 0 ? firstField : undefined}
              type="text"
              {...field(d, 'summary')}
              value={d.summary}
              maxLength={SUMMARY_MAX + 50}
              onInput={(e) => update(d.creationKey, { summary: e.currentTarget.value })}
            />
            <FieldError id={`${d.creationKey}-summary-error`} message={d.errors.summary} />
            {props.api.findSimilar && (
              <SimilarItems
                summary={d.summary}
                find={props.api.findSimilar}
                id={`${d.creationKey}-similar`}
                onFound={(keys) => update(d.creationKey, { similarTo: keys })}
              />
            )}
          </div>
          <div className="field wide">
            <label htmlFor={`${d.creationKey}-description`}>Description (optional)</label>
            <textarea
              rows={2}
              {...field(d, 'description')}
              value={d.description}
              onInput={(e) => update(d.creationKey, { description: e.currentTarget.value })}
            />
            <FieldError id={`${d.creationKey}-description-error`} message={d.errors.description} />
          </div>
          <div className="field">
            <label htmlFor={`${d.creationKey}-kind`}>Kind</label>
            <select {...field(d, 'kind')} value={d.kind} onChange={(e) => update(d.creationKey, { kind: e.currentTarget.value })}>
              {ACTION_KINDS.map((k) => (
                <option key={k} value={k}>
                  {KIND_LABEL[k]}
                </option>
              ))}
            </select>
            <FieldError id={`${d.creationKey}-kind-error`} message={d.errors.kind} />
          </div>
          <div className="field">
            <label htmlFor={`${d.creationKey}-projectKey`}>Project</label>
            <select
              {...field(d, 'projectKey')}
              value={d.projectKey}
              onChange={(e) => update(d.creationKey, { projectKey: e.currentTarget.value, assigneeAccountId: '', assigneeName: '' })}
            >
              {!props.projectKeys.includes(d.projectKey) && <option value={d.projectKey}>Choose a project…</option>}
              {props.projectKeys.map((k) => (
                <option key={k} value={k}>
                  {k}
                </option>
              ))}
            </select>
            <FieldError id={`${d.creationKey}-projectKey-error`} message={d.errors.projectKey} />
          </div>
          <AssigneePicker
            id={`${d.creationKey}-assigneeAccountId`}
            label="Assignee (required)"
            where={{ projectKey: d.projectKey }}
            value={{ accountId: d.assigneeAccountId, displayName: d.assigneeName }}
            onChange={(v) => update(d.creationKey, { assigneeAccountId: v.accountId, assigneeName: v.displayName })}
            find={props.api.findAssignees}
            error={d.errors.assigneeAccountId}
          />
          <DateField
            id={`${d.creationKey}-dueDate`}
            label="Due date (required)"
            min={props.today}
            value={d.dueDate}
            onChange={(dueDate) => update(d.creationKey, { dueDate })}
            error={d.errors.dueDate}
          />
          <div className="field">
            <label htmlFor={`${d.creationKey}-priority`}>Priority</label>
            <select
              {...field(d, 'priority')}
              value={d.priority}
              onChange={(e) => {
                const priority = e.currentTarget.value;
                setDrafts((ds) =>
                  ds.map((x) => (x.creationKey === d.creationKey ? changePriority(x, priority, props.today, props.duePolicy) : x)),
                );
              }}
            >
              {PRIORITY_NAMES.map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </select>
            <FieldError id={`${d.creationKey}-priority-error`} message={d.errors.priority} />
          </div>
          {laterThanPolicy(d, props.today, props.duePolicy) && (
            <div className="field">
              <label htmlFor={`${d.creationKey}-dueDateReason`}>
                Why later than {laterThanPolicy(d, props.today, props.duePolicy)} ({d.priority} policy)? (required)
              </label>
              <input
                type="text"
                {...field(d, 'dueDateReason')}
                value={d.dueDateReason ?? ''}
                onInput={(e) => update(d.creationKey, { dueDateReason: e.currentTarget.value })}
              />
              <FieldError id={`${d.creationKey}-dueDateReason-error`} message={d.errors.dueDateReason} />
            </div>
          )}
          {drafts.length > 1 && (
            <button
              type="button"
              onClick={() => setDrafts((ds) => ds.filter((x) => x.creationKey !== d.creationKey))}
              aria-label={`Remove action item ${n + 1}`}
            >
              Remove
            </button>
          )}
        </fieldset>
      ))}
      <div className="actions">
        <button
          type="button"
          onClick={() => setDrafts((ds) => [...ds, proposeDue(newDraft(props.defaultProjectKey), props.today, props.duePolicy)])}
          disabled={busy}
        >
          Add another item
        </button>
        {drafts.length > 0 && (
          <button type="submit" className="primary" disabled={busy}>
            {busy ? creatingText(drafts.length) : drafts.length === 1 ? 'Create action item' : `Create ${drafts.length} action items`}
          </button>
        )}
        <button type="button" onClick={props.onCancel} disabled={busy}>
          Close
        </button>
      </div>
      <p role="status" aria-live="polite" className="subtle">
        {busy ? creatingText(drafts.length) : ''}
      </p>
    </form>
  );
}
