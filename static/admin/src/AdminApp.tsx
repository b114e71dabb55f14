/**
 * The settings page: the settings in five groups (tabs: process, notifications, Confluence, Jira,
 * language), each its own component in ./groups, with Save right under whichever group is open.
 * Add a field to its group's file; the form state and its checks are in ./admin-logic.ts.
 */
import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent, type ReactElement } from 'react';
import type { AdminOverview, ProjectOption, SettingsChange, SiteOptions } from '@contracts/admin';
import type { ResolverError } from '@contracts/resolver';
import { ErrorMessage, Loading, useLoad } from '../../common/ui';
import type { AdminApi } from './api';
import { ConfluenceGroup } from './groups/ConfluenceGroup';
import { JiraGroup } from './groups/JiraGroup';
import { LanguageGroup } from './groups/LanguageGroup';
import { NotificationsGroup } from './groups/NotificationsGroup';
import { ProcessGroup } from './groups/ProcessGroup';
import type { GroupProps } from './groups/types';
import { HistoryTable, SweepRuns } from './History';
import { fieldLabel, formErrors, fromSettings, inputId, toSettings, type FieldErrors, type SettingsForm } from './admin-logic';

export type { AdminApi } from './api';

/** The groups, in tab order. A group's fields live in its component; the tab with a field in error says so. */
const GROUPS: { key: string; label: string; Group: (p: GroupProps) => ReactElement }[] = [
  { key: 'process', label: 'Process', Group: ProcessGroup },
  { key: 'notifications', label: 'Notifications', Group: NotificationsGroup },
  { key: 'confluence', label: 'Confluence', Group: ConfluenceGroup },
  { key: 'jira', label: 'Jira', Group: JiraGroup },
  { key: 'language', label: 'Language', Group: LanguageGroup },
];

/** The group whose panel holds the field (found in the page, so a new field needs no table entry). */
function groupOfField(field: string): string | undefined {
  return document.getElementById(inputId(field))?.closest<HTMLElement>('[data-group]')?.dataset.group;
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
  const onKnown = (p: ProjectOption) => setKnown((k) => [...k.filter((x) => x.key !== p.key), p]);
  const [tab, setTab] = useState(GROUPS[0]!.key);
  // How many fields in error each group holds (read from the page once the errors render).
  const [errorsIn, setErrorsIn] = useState<Record<string, number>>({});
  useEffect(() => {
    const n: Record<string, number> = {};
    for (const field of Object.keys(errors)) {
      const g = groupOfField(field);
      if (g) n[g] = (n[g] ?? 0) + 1;
    }
    setErrorsIn(n);
  }, [errors]);
  const goTo = (field: string) => {
    const g = groupOfField(field);
    if (g) setTab(g);
    setTimeout(() => document.getElementById(inputId(field))?.focus(), 0);
  };
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
                        goTo(field);
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
        <GroupTabs current={tab} onChange={setTab} errorsIn={errorsIn} />
        <fieldset disabled={!canEdit || save.state === 'saving'} className="plain">
          {GROUPS.map(({ key, label, Group }) => (
            <div
              key={key}
              id={`group-${key}`}
              role="tabpanel"
              aria-labelledby={`tab-${key}`}
              data-group={key}
              hidden={tab !== key}
              data-testid={`group-${key}`}
            >
              <h2 className="visually-hidden">{label}</h2>
              <Group
                form={form}
                set={set}
                errors={errors}
                api={api}
                options={options}
                known={known}
                onKnown={onKnown}
                agenda={overview.agenda ?? null}
              />
            </div>
          ))}
        </fieldset>

        <div className="sticky-save actions">
          <button type="submit" className="primary" disabled={!canEdit || save.state === 'saving'} data-testid="save-settings">
            {save.state === 'saving' ? 'Saving…' : 'Save settings'}
          </button>
          <span role="status" aria-live="polite" className={save.state === 'saved' && save.changed > 0 ? 'message success' : undefined}>
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

/** The groups as tabs (WAI-ARIA tabs: arrows, Home and End move between them). */
function GroupTabs({
  current,
  onChange,
  errorsIn,
}: {
  current: string;
  onChange: (key: string) => void;
  errorsIn: Record<string, number>;
}) {
  const onKeyDown = (e: KeyboardEvent<HTMLButtonElement>) => {
    const i = GROUPS.findIndex((g) => g.key === current);
    const next =
      e.key === 'ArrowRight'
        ? (i + 1) % GROUPS.length
        : e.key === 'ArrowLeft'
          ? (i - 1 + GROUPS.length) % GROUPS.length
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? GROUPS.length - 1
              : -1;
    if (next < 0) return;
    e.preventDefault();
    const key = GROUPS[next]!.key;
    onChange(key);
    document.getElementById(`tab-${key}`)?.focus();
  };
  return (
    <div role="tablist" aria-label="Settings groups" className="tabs">
      {GROUPS.map(({ key, label }) => {
        const n = errorsIn[key] ?? 0;
        return (
          <button
            key={key}
            type="button"
            role="tab"
            id={`tab-${key}`}
            aria-selected={current === key}
            aria-controls={`group-${key}`}
            tabIndex={current === key ? 0 : -1}
            className={current === key ? 'tab selected' : 'tab'}
            onClick={() => onChange(key)}
            onKeyDown={onKeyDown}
          >
            {label}
            {n > 0 && <span className="lozenge danger">{`${n} to fix`}</span>}
          </button>
        );
      })}
    </div>
  );
}

function peopleOf(f: SettingsForm): Record<string, string> {
  const out: Record<string, string> = {};
  for (const c of f.contacts) for (const p of [...c.managers, ...c.secondTier]) out[p.accountId] = p.displayName;
  return out;
}
