import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type {
  AdminOverview,
  PersonOption,
  ProjectOption,
  SaveSettingsResult,
  SettingsChange,
  SiteOptions,
} from '../../../src/contracts/admin';
import type { Envelope, ResolverError } from '../../../src/contracts/resolver';
import type { Settings } from '../../../src/contracts/settings';
import type { SweepRunSummary } from '../../../src/contracts/sweep';
import { ErrorMessage, Loading, Lozenge, useLoad } from '../../shared/ui';
import {
  addPerson,
  fieldLabel,
  formErrors,
  fromSettings,
  inputId,
  move,
  offsetsText,
  parseNumberList,
  retitle,
  rowId,
  sectionId,
  splitList,
  timeZones,
  toSettings,
  type FieldErrors,
  type SettingsForm,
} from './logic';

/** The page's product calls (ports): main.tsx wires them to the resolver. */
export interface AdminApi {
  getOverview(): Promise<Envelope<AdminOverview>>;
  /** `version`: the settings' version this page shows; the save is refused (conflict) if someone saved since. */
  saveSettings(settings: Settings, version: number): Promise<Envelope<SaveSettingsResult>>;
  searchUsers(query: string): Promise<Envelope<{ users: PersonOption[] }>>;
  searchProjects(query: string): Promise<Envelope<{ projects: ProjectOption[] }>>;
  /** The link types and issue types Jira offers (the pickers); without it the fields are free text. */
  getSiteOptions?(): Promise<Envelope<SiteOptions>>;
}

export function AdminApp({ api }: { api: AdminApi }) {
  const [load, reload] = useLoad(api.getOverview);
  return (
    <main aria-labelledby="admin-title">
      <h1 id="admin-title">Postmortem settings</h1>
      <p className="subtle">
        How your company runs postmortems: which issues are incidents, deadlines, reminders, escalation contacts, the template and the
        glossary.
      </p>
      {load.state === 'loading' && <Loading what="the settings" />}
      {load.state === 'error' && <ErrorMessage error={load.error} onRetry={reload} />}
      {load.state === 'ready' && <SettingsPage overview={load.data} api={api} onReload={reload} />}
    </main>
  );
}

type Save = { state: 'idle' } | { state: 'saving' } | { state: 'saved'; changed: number } | { state: 'error'; error: ResolverError };

function SettingsPage({ overview, api, onReload }: { overview: AdminOverview; api: AdminApi; onReload: () => void }) {
  const [form, setForm] = useState<SettingsForm>(() => fromSettings(overview.settings, overview.people));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [save, setSave] = useState<Save>({ state: 'idle' });
  const [history, setHistory] = useState<SettingsChange[]>(overview.history);
  const [version, setVersion] = useState<number>(overview.version);
  const summaryRef = useRef<HTMLDivElement>(null);
  const canEdit = overview.canEdit;
  const [known, setKnown] = useState<ProjectOption[]>(overview.projects);
  // Pickers fed from Jira where it offers a list; free text only when the list cannot be read.
  const [options, setOptions] = useState<SiteOptions | null>(null);
  useEffect(() => {
    let live = true;
    api.getSiteOptions?.().then(
      (r) => live && r.ok && setOptions(r.data),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [api]);
  const leads = new Map(known.map((p) => [p.key, p]));

  const set = <K extends keyof SettingsForm>(key: K, value: SettingsForm[K]) => setForm((f) => ({ ...f, [key]: value }));

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!canEdit) return;
    const { settings, errors: local } = toSettings(form);
    if (Object.keys(local).length > 0) {
      setErrors(local);
      setSave({
        state: 'error',
        error: { code: 'invalid-input', message: 'Some settings are not valid; nothing was saved. Fix the fields marked and save again.' },
      });
      setTimeout(() => summaryRef.current?.focus(), 0);
      return;
    }
    setErrors({});
    setSave({ state: 'saving' });
    api.saveSettings(settings, version).then(
      (res) => {
        if (res.ok) {
          setSave({ state: 'saved', changed: res.data.changed });
          setHistory(res.data.history);
          setVersion(res.data.version);
          setForm((f) => fromSettings(res.data.settings, peopleOf(f)));
          return;
        }
        setErrors(res.error.fields ? formErrors(res.error.fields, form) : {});
        setSave({ state: 'error', error: res.error });
        setTimeout(() => summaryRef.current?.focus(), 0);
      },
      () =>
        setSave({
          state: 'error',
          error: {
            code: 'internal',
            message: 'Could not reach the Postmortem app; nothing was saved. Check your connection and try again.',
          },
        }),
    );
  };

  const fieldProps = { errors };
  const errorList = Object.entries(errors);

  return (
    <>
      {!canEdit && (
        <p className="message info" role="note">
          Only Jira administrators can change these settings; you can read them. Ask a Jira admin to make a change.
        </p>
      )}
      {overview.invalid && (
        <p className="message error">The stored settings could not be read, so the defaults apply. Save the settings again to fix this.</p>
      )}
      {!overview.stored && <p className="message info">No settings saved yet: the defaults below apply.</p>}

      <form onSubmit={onSubmit} noValidate aria-labelledby="admin-title">
        {save.state === 'error' && (
          <div ref={summaryRef} tabIndex={-1} role="alert" className="message error error-summary" data-testid="error-summary">
            <p>{save.error.message}</p>
            {save.error.code === 'conflict' && (
              <button type="button" onClick={onReload}>
                Reload the settings
              </button>
            )}
            {errorList.length > 0 && (
              <ul>
                {errorList.map(([field, message]) => (
                  <li key={field}>
                    <a
                      href={`#${inputId(field)}`}
                      onClick={(e) => {
                        e.preventDefault();
                        document.getElementById(inputId(field))?.focus();
                      }}
                    >
                      {fieldLabel(field, form)}
                    </a>
                    : {message}
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
        <fieldset disabled={!canEdit || save.state === 'saving'} className="plain">
          <section className="section card" aria-labelledby="incidents-title">
            <h2 id="incidents-title">Incidents</h2>
            <div className="two-col">
              {options ? (
                <ChoicesField
                  field="incidentFilter.issueTypes"
                  label="Incident issue types"
                  help="Issues of the types ticked are incidents."
                  choices={options.issueTypes}
                  value={form.issueTypes}
                  onChange={(v) => set('issueTypes', v)}
                  errors={errors}
                />
              ) : (
                <TextField
                  field="incidentFilter.issueTypes"
                  label="Incident issue types"
                  help="Issues of these types are incidents. Separate with commas, e.g. Incident, Major incident."
                  value={form.issueTypes}
                  onChange={(v) => set('issueTypes', v)}
                  {...fieldProps}
                />
              )}
              <ProjectsPicker
                field="incidentFilter.projectKeys"
                label="Incident projects"
                help="Empty: incidents in every project."
                value={form.incidentProjectKeys}
                onChange={(v) => set('incidentProjectKeys', v)}
                known={known}
                onKnown={(p) => setKnown((k) => [...k.filter((x) => x.key !== p.key), p])}
                api={api}
                errors={errors}
              />
            </div>
          </section>

          <section className="section card" aria-labelledby="actions-title">
            <h2 id="actions-title">Action items</h2>
            <div className="two-col">
              <ProjectsPicker
                field="actionItems.projectKeys"
                label="Action-item projects"
                help="Projects action items may be created in. Empty: any."
                value={form.actionProjectKeys}
                onChange={(v) => set('actionProjectKeys', v)}
                known={known}
                onKnown={(p) => setKnown((k) => [...k.filter((x) => x.key !== p.key), p])}
                api={api}
                errors={errors}
              />
              {splitList(form.actionProjectKeys).length > 0 ? (
                <SelectField
                  field="actionItems.defaultProjectKey"
                  label="Default project"
                  help="Offered first when creating an action item: one of the action-item projects, or none."
                  options={['', ...splitList(form.actionProjectKeys).map((k) => k.toUpperCase())]}
                  value={form.defaultProjectKey.trim().toUpperCase()}
                  onChange={(v) => set('defaultProjectKey', v)}
                  errors={errors}
                />
              ) : (
                <TextField
                  field="actionItems.defaultProjectKey"
                  label="Default project"
                  help="Offered first when creating an action item (a project key). Optional."
                  value={form.defaultProjectKey}
                  onChange={(v) => set('defaultProjectKey', v)}
                  {...fieldProps}
                />
              )}
              {options ? (
                <SelectField
                  field="actionItems.issueType"
                  label="Action-item issue type"
                  help="Jira's issue types."
                  options={options.issueTypes}
                  value={form.actionIssueType}
                  onChange={(v) => set('actionIssueType', v)}
                  {...fieldProps}
                />
              ) : (
                <TextField
                  field="actionItems.issueType"
                  label="Action-item issue type"
                  help="e.g. Task."
                  value={form.actionIssueType}
                  onChange={(v) => set('actionIssueType', v)}
                  {...fieldProps}
                />
              )}
              {options ? (
                <SelectField
                  field="linkType"
                  label="Link type"
                  help="Issue link between an incident and its action items."
                  options={options.linkTypes}
                  value={form.linkType}
                  onChange={(v) => set('linkType', v)}
                  {...fieldProps}
                />
              ) : (
                <TextField
                  field="linkType"
                  label="Link type"
                  help="Issue link between an incident and its action items, e.g. Relates."
                  value={form.linkType}
                  onChange={(v) => set('linkType', v)}
                  {...fieldProps}
                />
              )}
            </div>
          </section>

          <section className="section card" aria-labelledby="deadlines-title">
            <h2 id="deadlines-title">Deadlines and reminders</h2>
            <div className="two-col">
              <TextField
                field="postmortemDeadlineDays"
                label="Postmortem deadline (days after the incident)"
                help="1–60 days."
                inputMode="numeric"
                value={form.deadlineDays}
                onChange={(v) => set('deadlineDays', v)}
                {...fieldProps}
              />
              <TextField
                field="reminderOffsets"
                label="Action-item reminders (days before the due date)"
                help={`0–60, separated by commas. ${previewOffsets(form.reminderOffsets)}`}
                value={form.reminderOffsets}
                onChange={(v) => set('reminderOffsets', v)}
                {...fieldProps}
              />
              <TextField
                field="postmortemReminderOffsets"
                label="Postmortem reminders (days before its due date)"
                help={`0–60, separated by commas; empty for none. ${previewOffsets(form.postmortemReminderOffsets)}`}
                value={form.postmortemReminderOffsets}
                onChange={(v) => set('postmortemReminderOffsets', v)}
                {...fieldProps}
              />
            </div>
          </section>

          <section className="section card" aria-labelledby="escalation-title">
            <h2 id="escalation-title">Escalation</h2>
            <div className="two-col">
              <TextField
                field="escalation.repeatDays"
                label="Repeat the escalation every (days)"
                help="0–60; 0 escalates once."
                inputMode="numeric"
                value={form.repeatDays}
                onChange={(v) => set('repeatDays', v)}
                {...fieldProps}
              />
              <TextField
                field="escalation.secondTierAfterDays"
                label="Tell the second tier after (days overdue)"
                help="1–365."
                inputMode="numeric"
                value={form.secondTierAfterDays}
                onChange={(v) => set('secondTierAfterDays', v)}
                {...fieldProps}
              />
            </div>
            <h3>Escalation contacts per project</h3>
            <p className="subtle">
              Who is told when a project’s action items are overdue. A project without contacts falls back to its project lead.
            </p>
            {form.contacts.length === 0 && (
              <p className="empty">No contacts set: every project’s lead is told. Add a project to name its managers.</p>
            )}
            <FieldError field="escalationContacts" errors={errors} />
            {form.contacts.map((c, i) => {
              const lead = leads.get(c.projectKey.trim().toUpperCase())?.lead;
              const update = (patch: Partial<typeof c>) =>
                set(
                  'contacts',
                  form.contacts.map((x, j) => (j === i ? { ...x, ...patch } : x)),
                );
              return (
                <div
                  key={c.rowId}
                  className="editor-row"
                  role="group"
                  aria-label={`Escalation contacts for ${c.projectKey || `new row ${i + 1}`}`}
                  data-testid="contacts-row"
                >
                  <ProjectPicker
                    field={`contacts.${i}.projectKey`}
                    value={c.projectKey}
                    onChange={(p) => {
                      setKnown((k) => [...k.filter((x) => x.key !== p.key), p]);
                      update({ projectKey: p.key });
                    }}
                    api={api}
                    errors={errors}
                  />
                  {lead && <p className="help">Project lead (the fallback): {lead.displayName}</p>}
                  <UserPicker
                    field={`contacts.${i}.managers`}
                    label="Managers"
                    people={c.managers}
                    onChange={(managers) => update({ managers })}
                    api={api}
                    errors={errors}
                  />
                  <UserPicker
                    field={`contacts.${i}.secondTier`}
                    label="Second tier"
                    people={c.secondTier}
                    onChange={(secondTier) => update({ secondTier })}
                    api={api}
                    errors={errors}
                  />
                  <div className="row-actions">
                    <button
                      type="button"
                      onClick={() =>
                        set(
                          'contacts',
                          form.contacts.filter((_, j) => j !== i),
                        )
                      }
                    >
                      Remove contacts for {c.projectKey || 'this row'}
                    </button>
                  </div>
                </div>
              );
            })}
            <button
              type="button"
              onClick={() =>
                set('contacts', [...form.contacts, { rowId: rowId('contacts'), projectKey: '', managers: [], secondTier: [] }])
              }
            >
              Add a project
            </button>
          </section>

          <section className="section card" aria-labelledby="confluence-title">
            <h2 id="confluence-title">Confluence</h2>
            <div className="two-col">
              {options ? (
                <SpaceField spaces={options.spaces} value={form.spaceKey} onChange={(v) => set('spaceKey', v)} errors={errors} />
              ) : (
                <TextField
                  field="confluence.spaceKey"
                  label="Space key for new postmortems"
                  help="e.g. ENG. Optional."
                  value={form.spaceKey}
                  onChange={(v) => set('spaceKey', v)}
                  {...fieldProps}
                />
              )}
              <TextField
                field="confluence.parentPageId"
                label="Parent page id"
                help="The number in the parent page’s URL. Optional."
                inputMode="numeric"
                value={form.parentPageId}
                onChange={(v) => set('parentPageId', v)}
                {...fieldProps}
              />
            </div>
          </section>

          <SectionsEditor form={form} set={set} errors={errors} />
          <GlossaryEditor form={form} set={set} errors={errors} />

          <section className="section card" aria-labelledby="tz-title">
            <h2 id="tz-title">Time zone</h2>
            <TextField
              field="timeZone"
              label="Time zone for “today”"
              help="Due dates turn overdue at midnight here. An IANA name, e.g. Europe/Paris."
              list="tz-list"
              value={form.timeZone}
              onChange={(v) => set('timeZone', v)}
              {...fieldProps}
            />
            <datalist id="tz-list">
              {timeZones().map((z) => (
                <option key={z} value={z} />
              ))}
            </datalist>
          </section>
        </fieldset>

        <div className="sticky-save actions">
          <button type="submit" className="primary" disabled={!canEdit || save.state === 'saving'} data-testid="save-settings">
            {save.state === 'saving' ? 'Saving…' : 'Save settings'}
          </button>
          <span role="status" aria-live="polite">
            {save.state === 'saved' &&
              (save.changed === 0
                ? 'Nothing changed, so nothing was saved.'
                : `Saved ${save.changed} change${save.changed === 1 ? '' : 's'}. The next sweep uses them.`)}
          </span>
        </div>
      </form>

      <HistoryTable history={history} />
      <SweepRuns runs={overview.sweepRuns} />
    </>
  );
}

function peopleOf(f: SettingsForm): Record<string, string> {
  const out: Record<string, string> = {};
  for (const c of f.contacts) for (const p of [...c.managers, ...c.secondTier]) out[p.accountId] = p.displayName;
  return out;
}

function previewOffsets(text: string): string {
  const n = parseNumberList(text);
  return n && n.length ? `Reminds ${offsetsText(n)}.` : '';
}

function FieldError({ field, errors }: { field: string; errors: FieldErrors }) {
  const message = errors[field];
  return message ? (
    <span id={`${inputId(field)}-error`} className="field-error">
      {message}
    </span>
  ) : null;
}

function describedBy(field: string, errors: FieldErrors, help?: boolean): string | undefined {
  const ids = [help ? `${inputId(field)}-help` : '', errors[field] ? `${inputId(field)}-error` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

function TextField({
  field,
  label,
  help,
  value,
  onChange,
  errors,
  inputMode,
  list,
  multiline,
}: {
  field: string;
  label: string;
  help?: string;
  value: string;
  onChange: (v: string) => void;
  errors: FieldErrors;
  inputMode?: 'numeric' | 'text';
  list?: string;
  multiline?: boolean;
}) {
  const id = inputId(field);
  const common = {
    id,
    value,
    'aria-invalid': errors[field] ? true : undefined,
    'aria-describedby': describedBy(field, errors, Boolean(help)),
  } as const;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {multiline ? (
        <textarea {...common} onChange={(e) => onChange(e.currentTarget.value)} />
      ) : (
        <input {...common} type="text" inputMode={inputMode} list={list} onChange={(e) => onChange(e.currentTarget.value)} />
      )}
      {help && (
        <span id={`${id}-help`} className="help">
          {help}
        </span>
      )}
      <FieldError field={field} errors={errors} />
    </div>
  );
}

/** A choice among what Jira offers; a stored value Jira no longer has stays listed, marked, so it is not lost silently. */
/** The postmortem space, picked from the Confluence spaces the admin may see (or none: people choose when creating). */
function SpaceField({
  spaces,
  value,
  onChange,
  errors,
}: {
  spaces: SiteOptions['spaces'];
  value: string;
  onChange: (key: string) => void;
  errors: FieldErrors;
}) {
  const field = 'confluence.spaceKey';
  const id = inputId(field);
  const listed = spaces.some((sp) => sp.key === value);
  return (
    <div className="field">
      <label htmlFor={id}>Space for new postmortems</label>
      <select
        id={id}
        value={value}
        aria-invalid={errors[field] ? true : undefined}
        aria-describedby={describedBy(field, errors, true)}
        onChange={(e) => onChange(e.currentTarget.value)}
      >
        <option value="">None: people choose a space when they create one</option>
        {value && !listed && <option value={value}>{`${value} (not in Confluence, or you cannot see it)`}</option>}
        {spaces.map((sp) => (
          <option key={sp.key} value={sp.key}>
            {`${sp.name} (${sp.key})`}
          </option>
        ))}
      </select>
      <span id={`${id}-help`} className="help">
        Confluence spaces you can see. Postmortems are created here, and only its pages can be linked.
      </span>
      <FieldError field={field} errors={errors} />
    </div>
  );
}

/** Several values from a list Jira offers, as checkboxes (incident issue types); the form keeps a comma list. */
function ChoicesField({
  field,
  label,
  help,
  choices,
  value,
  onChange,
  errors,
}: {
  field: string;
  label: string;
  help: string;
  choices: readonly string[];
  value: string;
  onChange: (v: string) => void;
  errors: FieldErrors;
}) {
  const id = inputId(field);
  const chosen = splitList(value);
  const has = (c: string) => chosen.some((x) => x.toLowerCase() === c.toLowerCase());
  const missing = chosen.filter((x) => !choices.some((c) => c.toLowerCase() === x.toLowerCase()));
  const toggle = (c: string, on: boolean) =>
    onChange(
      (on
        ? [...chosen.filter((x) => x.toLowerCase() !== c.toLowerCase()), c]
        : chosen.filter((x) => x.toLowerCase() !== c.toLowerCase())
      ).join(', '),
    );
  return (
    <fieldset className="field" id={id} aria-describedby={describedBy(field, errors, true)} aria-invalid={errors[field] ? true : undefined}>
      <legend className="label">{label}</legend>
      {choices.map((c) => (
        <label key={c} className="choice">
          <input type="checkbox" checked={has(c)} onChange={(e) => toggle(c, e.currentTarget.checked)} /> {c}
        </label>
      ))}
      {missing.map((m) => (
        <label key={m} className="choice">
          <input type="checkbox" checked onChange={() => onChange(chosen.filter((x) => x !== m).join(', '))} /> {m} (not in Jira)
        </label>
      ))}
      <span id={`${id}-help`} className="help">
        {help}
      </span>
      <FieldError field={field} errors={errors} />
    </fieldset>
  );
}

function SelectField({
  field,
  label,
  help,
  options,
  value,
  onChange,
  errors,
}: {
  field: string;
  label: string;
  help?: string;
  options: readonly string[];
  value: string;
  onChange: (v: string) => void;
  errors: FieldErrors;
}) {
  const id = inputId(field);
  const all = value && !options.includes(value) ? [value, ...options] : options;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value}
        aria-invalid={errors[field] ? true : undefined}
        aria-describedby={describedBy(field, errors, Boolean(help))}
        onChange={(e) => onChange(e.currentTarget.value)}
      >
        {all.map((o) => (
          <option key={o} value={o}>
            {o === '' ? 'None' : options.includes(o) ? o : `${o} (not in Jira)`}
          </option>
        ))}
      </select>
      {help && (
        <span id={`${id}-help`} className="help">
          {help}
        </span>
      )}
      <FieldError field={field} errors={errors} />
    </div>
  );
}

/** Search-as-you-type with explicit results: type, press Search (or wait), pick from a list of buttons. */
function useSearch<T>(search: (q: string) => Promise<Envelope<T[]>>) {
  const [query, setQuery] = useState('');
  const [state, setState] = useState<
    { state: 'idle' } | { state: 'busy' } | { state: 'done'; results: T[] } | { state: 'error'; message: string }
  >({ state: 'idle' });
  const seq = useRef(0);
  const run = (q: string) => {
    if (!q.trim()) return setState({ state: 'idle' });
    const n = ++seq.current;
    setState({ state: 'busy' });
    search(q.trim()).then(
      (res) =>
        n === seq.current && setState(res.ok ? { state: 'done', results: res.data } : { state: 'error', message: res.error.message }),
      () => n === seq.current && setState({ state: 'error', message: 'Could not search; check your connection and try again.' }),
    );
  };
  useEffect(() => {
    if (query.trim().length < 2) return;
    const t = setTimeout(() => run(query), 300);
    return () => clearTimeout(t);
  }, [query]);
  return { query, setQuery, state, run, clear: () => (setQuery(''), setState({ state: 'idle' })) };
}

function SearchBox({
  id,
  label,
  query,
  setQuery,
  run,
  busy,
  describedBy: desc,
  invalid,
}: {
  id: string;
  label: string;
  query: string;
  setQuery: (q: string) => void;
  run: (q: string) => void;
  busy: boolean;
  describedBy?: string;
  invalid?: boolean;
}) {
  return (
    <div className="actions">
      <label htmlFor={id} className="visually-hidden">
        {label}
      </label>
      <input
        id={id}
        type="search"
        placeholder={label}
        value={query}
        aria-invalid={invalid ? true : undefined}
        aria-describedby={desc}
        onChange={(e) => setQuery(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            run(query);
          }
        }}
      />
      <button type="button" onClick={() => run(query)} disabled={busy}>
        {busy ? 'Searching…' : 'Search'}
      </button>
    </div>
  );
}

/**
 * Several things picked from a search (people, projects), shown as chips that can be removed: the
 * one multi-picker of the settings page.
 */
function ChipsPicker<T>({
  field,
  label,
  emptyText,
  chips,
  onRemove,
  search,
  keyOf,
  nameOf,
  onAdd,
  noMatch,
  errors,
}: {
  field: string;
  label: string;
  emptyText: string;
  chips: { key: string; text: string }[];
  onRemove: (key: string) => void;
  search: (q: string) => Promise<Envelope<T[]>>;
  keyOf: (t: T) => string;
  nameOf: (t: T) => string;
  onAdd: (t: T) => void;
  noMatch: string;
  errors: FieldErrors;
}) {
  const s = useSearch<T>(search);
  const id = inputId(field);
  const chosen = new Set(chips.map((c) => c.key));
  return (
    <div className="field" role="group" aria-labelledby={`${id}-label`}>
      <span id={`${id}-label`} className="label">
        {label}
      </span>
      {chips.length === 0 ? (
        <span className="help">{emptyText}</span>
      ) : (
        <ul className="chips" aria-label={`${label} chosen`} data-testid={`${id}-chips`}>
          {chips.map((c) => (
            <li key={c.key}>
              {c.text}
              <button type="button" onClick={() => onRemove(c.key)} aria-label={`Remove ${c.text} from ${label.toLowerCase()}`}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <SearchBox
        id={id}
        label={`Find ${label.toLowerCase()} to add`}
        query={s.query}
        setQuery={s.setQuery}
        run={s.run}
        busy={s.state.state === 'busy'}
        describedBy={describedBy(field, errors)}
        invalid={Boolean(errors[field])}
      />
      <SearchResults
        state={s.state}
        empty={noMatch}
        render={(t: T) => (
          <button
            type="button"
            disabled={chosen.has(keyOf(t))}
            onClick={() => {
              onAdd(t);
              s.clear();
              document.getElementById(id)?.focus();
            }}
          >
            Add {nameOf(t)}
          </button>
        )}
        keyOf={keyOf}
      />
      <FieldError field={field} errors={errors} />
    </div>
  );
}

function UserPicker({
  field,
  label,
  people,
  onChange,
  api,
  errors,
}: {
  field: string;
  label: string;
  people: PersonOption[];
  onChange: (p: PersonOption[]) => void;
  api: AdminApi;
  errors: FieldErrors;
}) {
  return (
    <ChipsPicker<PersonOption>
      field={field}
      label={label}
      emptyText="Nobody yet."
      chips={people.map((p) => ({ key: p.accountId, text: p.displayName }))}
      onRemove={(key) => onChange(people.filter((x) => x.accountId !== key))}
      search={async (q) => {
        const r = await api.searchUsers(q);
        return r.ok ? { ok: true, data: r.data.users } : r;
      }}
      keyOf={(p) => p.accountId}
      nameOf={(p) => p.displayName}
      onAdd={(p) => onChange(addPerson(people, p))}
      noMatch="Nobody matches; try part of a first or last name, or an e-mail address."
      errors={errors}
    />
  );
}

/** Several projects picked from Jira; the form keeps their keys as a comma list. */
function ProjectsPicker({
  field,
  label,
  help,
  value,
  onChange,
  known,
  onKnown,
  api,
  errors,
}: {
  field: string;
  label: string;
  help: string;
  value: string;
  onChange: (keys: string) => void;
  known: ProjectOption[];
  onKnown: (p: ProjectOption) => void;
  api: AdminApi;
  errors: FieldErrors;
}) {
  const keys = splitList(value).map((k) => k.toUpperCase());
  const names = new Map(known.map((p) => [p.key, p.name]));
  return (
    <ChipsPicker<ProjectOption>
      field={field}
      label={label}
      emptyText={help}
      chips={keys.map((k) => ({ key: k, text: names.get(k) ? `${names.get(k)} (${k})` : k }))}
      onRemove={(key) => onChange(keys.filter((x) => x !== key).join(', '))}
      search={async (q) => {
        const r = await api.searchProjects(q);
        return r.ok ? { ok: true, data: r.data.projects } : r;
      }}
      keyOf={(p) => p.key}
      nameOf={(p) => `${p.name} (${p.key})`}
      onAdd={(p) => {
        onKnown(p);
        onChange([...keys, p.key].join(', '));
      }}
      noMatch="No project you can browse matches; try part of its name or key."
      errors={errors}
    />
  );
}

function ProjectPicker({
  field,
  value,
  onChange,
  api,
  errors,
}: {
  field: string;
  value: string;
  onChange: (project: ProjectOption) => void;
  api: AdminApi;
  errors: FieldErrors;
}) {
  const s = useSearch<ProjectOption>(async (q) => {
    const r = await api.searchProjects(q);
    return r.ok ? { ok: true, data: r.data.projects } : r;
  });
  const id = inputId(field);
  return (
    <div className="field">
      <span className="label" id={`${id}-label`}>
        Project {value ? <strong>{value}</strong> : <span className="help">(not chosen)</span>}
      </span>
      <SearchBox
        id={id}
        label="Find a project by name or key"
        query={s.query}
        setQuery={s.setQuery}
        run={s.run}
        busy={s.state.state === 'busy'}
        describedBy={describedBy(field, errors)}
        invalid={Boolean(errors[field])}
      />
      <SearchResults
        state={s.state}
        empty="No project you can browse matches."
        render={(p: ProjectOption) => (
          <button
            type="button"
            onClick={() => {
              onChange(p);
              s.clear();
            }}
          >
            {p.name} ({p.key})
          </button>
        )}
        keyOf={(p) => p.key}
      />
      <FieldError field={field} errors={errors} />
    </div>
  );
}

function SearchResults<T>({
  state,
  render,
  keyOf,
  empty,
}: {
  state: ReturnType<typeof useSearch<T>>['state'];
  render: (t: T) => ReactNode;
  keyOf: (t: T) => string;
  empty: string;
}) {
  if (state.state === 'error') return <p className="field-error">{state.message}</p>;
  if (state.state !== 'done') return null;
  if (state.results.length === 0)
    return (
      <p className="help" role="status">
        {empty}
      </p>
    );
  return (
    <ul className="picker-results" aria-label="Search results">
      {state.results.map((r) => (
        <li key={keyOf(r)}>{render(r)}</li>
      ))}
    </ul>
  );
}

type Setter = <K extends keyof SettingsForm>(key: K, value: SettingsForm[K]) => void;

function SectionsEditor({ form, set, errors }: { form: SettingsForm; set: Setter; errors: FieldErrors }) {
  const sections = form.sections;
  const update = (i: number, patch: Partial<(typeof sections)[number]>) =>
    set(
      'sections',
      sections.map((x, j) => (j === i ? { ...x, ...patch } : x)),
    );
  const moveTo = (i: number, delta: number) => {
    set('sections', move(sections, i, delta));
    setTimeout(() => document.getElementById(`${inputId(`sections.${i + delta}.title`)}`)?.focus(), 0);
  };
  return (
    <section className="section card" aria-labelledby="template-title">
      <h2 id="template-title">Template sections</h2>
      <p className="subtle">The sections every postmortem starts from, in this order. Required sections must be filled before review.</p>
      <FieldError field="templateSections" errors={errors} />
      <ol className="plain-list">
        {sections.map((s, i) => (
          <li key={s.rowId} className="editor-row" data-testid="section-row">
            <TextField
              field={`sections.${i}.title`}
              label={`Section ${i + 1} title`}
              value={s.title}
              onChange={(title) => set('sections', retitle(sections, i, title))}
              errors={errors}
            />
            <TextField
              field={`sections.${i}.guidance`}
              label="Guidance for the author"
              value={s.guidance}
              onChange={(guidance) => update(i, { guidance })}
              errors={errors}
              multiline
            />
            <div className="row-actions">
              <label>
                <input type="checkbox" checked={s.required} onChange={(e) => update(i, { required: e.currentTarget.checked })} /> Required
              </label>
              <button type="button" onClick={() => moveTo(i, -1)} disabled={i === 0} aria-label={`Move up: ${s.title || 'section'}`}>
                Move up
              </button>
              <button
                type="button"
                onClick={() => moveTo(i, 1)}
                disabled={i === sections.length - 1}
                aria-label={`Move down: ${s.title || 'section'}`}
              >
                Move down
              </button>
              <button
                type="button"
                onClick={() =>
                  set(
                    'sections',
                    sections.filter((_, j) => j !== i),
                  )
                }
                disabled={sections.length <= 1}
                aria-label={`Remove ${s.title || 'section'}`}
              >
                Remove
              </button>
            </div>
          </li>
        ))}
      </ol>
      <button
        type="button"
        onClick={() => {
          const id = sectionId(
            'new section',
            sections.map((s) => s.id),
          );
          set('sections', [
            ...sections,
            { rowId: rowId('section'), id, title: '', guidance: '', required: false, narrative: true, body: 'paragraph', fresh: true },
          ]);
          setTimeout(() => document.getElementById(inputId(`sections.${sections.length}.title`))?.focus(), 0);
        }}
      >
        Add a section
      </button>
    </section>
  );
}

function GlossaryEditor({ form, set, errors }: { form: SettingsForm; set: Setter; errors: FieldErrors }) {
  const g = form.glossary;
  const update = (i: number, patch: Partial<(typeof g)[number]>) =>
    set(
      'glossary',
      g.map((x, j) => (j === i ? { ...x, ...patch } : x)),
    );
  return (
    <section className="section card" aria-labelledby="glossary-title">
      <h2 id="glossary-title">Glossary</h2>
      <p className="subtle">
        Internal names the language check points out, and the plain words to use instead (e.g. db01 → primary database).
      </p>
      <FieldError field="glossary" errors={errors} />
      {g.length === 0 && (
        <p className="empty">
          The glossary is empty: only people’s names and host-like names are pointed out. Add a term to suggest a plain description.
        </p>
      )}
      {g.map((e, i) => (
        <div key={e.rowId} className="editor-row two-col" role="group" aria-label={`Glossary term ${i + 1}`} data-testid="glossary-row">
          <TextField
            field={`glossary.${i}.term`}
            label="Internal name"
            value={e.term}
            onChange={(term) => update(i, { term })}
            errors={errors}
          />
          <TextField
            field={`glossary.${i}.description`}
            label="Plain description"
            value={e.description}
            onChange={(description) => update(i, { description })}
            errors={errors}
          />
          <div className="row-actions">
            <button
              type="button"
              onClick={() =>
                set(
                  'glossary',
                  g.filter((_, j) => j !== i),
                )
              }
              aria-label={`Remove ${e.term || `term ${i + 1}`}`}
            >
              Remove
            </button>
          </div>
        </div>
      ))}
      <button
        type="button"
        onClick={() => {
          set('glossary', [...g, { rowId: rowId('term'), term: '', description: '' }]);
          setTimeout(() => document.getElementById(inputId(`glossary.${g.length}.term`))?.focus(), 0);
        }}
      >
        Add a term
      </button>
    </section>
  );
}

function HistoryTable({ history }: { history: SettingsChange[] }) {
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

function SweepRuns({ runs }: { runs: SweepRunSummary[] | null }) {
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
