/**
 * The settings page's pickers: people and projects found as you type (a combobox, as in Jira),
 * shown as removable chips when several may be chosen. One hook pair serves them all
 * (static/common/hooks.ts), as it serves the macro's and the panel's pickers.
 */
import { useState, type ReactNode } from 'react';
import type { PersonOption, ProjectOption } from '@contracts/admin';
import type { Envelope } from '@contracts/resolver';
import { Avatar, comboboxInputProps, OptionList } from '../../common/Combobox';
import { useCombobox, useDebouncedSearch } from '../../common/hooks';
import type { AdminApi } from './api';
import { describedBy, FieldError } from './fields';
import { addPerson, inputId, splitList, type FieldErrors } from './admin-logic';

/** A search-as-you-type combobox: what it found is listed under it; choosing one calls `onChoose` and empties the box. */
function SearchCombobox<T>({
  field,
  label,
  placeholder,
  search,
  keyOf,
  render,
  onChoose,
  isChosen,
  noMatch,
  errors,
}: {
  field: string;
  label: string;
  placeholder: string;
  search: (q: string) => Promise<Envelope<T[]>>;
  keyOf: (t: T) => string;
  render: (t: T) => ReactNode;
  onChoose: (t: T) => void;
  isChosen?: (t: T) => boolean;
  noMatch: string;
  errors: FieldErrors;
}) {
  const id = inputId(field);
  const listId = `${id}-options`;
  const [query, setQuery] = useState('');
  const found = useDebouncedSearch(query, search, { minLength: 1 });
  const options = found.state === 'done' ? found.result.filter((t) => !isChosen?.(t)) : [];
  const choose = (t: T) => {
    onChoose(t);
    setQuery('');
  };
  const combo = useCombobox(options, choose, { resetOn: found });
  const status =
    found.state === 'searching'
      ? 'Searching…'
      : found.state === 'error'
        ? found.error.message
        : found.state === 'done'
          ? options.length === 0
            ? found.result.length > 0
              ? 'Everyone found is already chosen.'
              : noMatch
            : `${options.length} found. Use the arrow keys to choose, Enter to pick.`
          : '';
  return (
    <div className="combo">
      <label htmlFor={id} className="visually-hidden">
        {label}
      </label>
      <input
        id={id}
        {...comboboxInputProps(combo, listId)}
        placeholder={placeholder}
        value={query}
        maxLength={100}
        aria-invalid={errors[field] ? true : undefined}
        aria-describedby={[`${id}-status`, describedBy(field, errors)].filter(Boolean).join(' ')}
        onChange={(e) => {
          setQuery(e.currentTarget.value);
          combo.setOpen(true);
        }}
      />
      <OptionList listId={listId} label={label} combo={combo} options={options} keyOf={keyOf} onChoose={choose}>
        {render}
      </OptionList>
      <span id={`${id}-status`} role="status" aria-live="polite" className={found.state === 'error' ? 'field-error' : 'help'}>
        {status}
      </span>
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
  errors,
  ...combo
}: {
  field: string;
  label: string;
  emptyText: string;
  chips: { key: string; text: string; person?: boolean }[];
  onRemove: (key: string) => void;
  search: (q: string) => Promise<Envelope<T[]>>;
  keyOf: (t: T) => string;
  render: (t: T) => ReactNode;
  onChoose: (t: T) => void;
  noMatch: string;
  errors: FieldErrors;
}) {
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
              {c.person && <Avatar name={c.text} />}
              {c.text}
              <button type="button" onClick={() => onRemove(c.key)} aria-label={`Remove ${c.text} from ${label.toLowerCase()}`}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <SearchCombobox<T>
        field={field}
        label={`Find ${label.toLowerCase()} to add`}
        placeholder={`Find ${label.toLowerCase()} to add`}
        isChosen={(t) => chosen.has(combo.keyOf(t))}
        errors={errors}
        {...combo}
      />
      <FieldError field={field} errors={errors} />
    </div>
  );
}

/** A person as Jira shows one in a list: avatar and name. */
export function PersonView({ person }: { person: PersonOption }) {
  return (
    <span className="person">
      <Avatar name={person.displayName} />
      {person.displayName}
    </span>
  );
}

export function UserPicker({
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
      chips={people.map((p) => ({ key: p.accountId, text: p.displayName, person: true }))}
      onRemove={(key) => onChange(people.filter((x) => x.accountId !== key))}
      search={async (q) => {
        const r = await api.searchUsers(q);
        return r.ok ? { ok: true, data: r.data.users } : r;
      }}
      keyOf={(p) => p.accountId}
      render={(p) => <PersonView person={p} />}
      onChoose={(p) => onChange(addPerson(people, p))}
      noMatch="Nobody matches; try part of a first or last name, or an e-mail address."
      errors={errors}
    />
  );
}

const searchProjects = (api: AdminApi) => async (q: string) => {
  const r = await api.searchProjects(q);
  return r.ok ? ({ ok: true, data: r.data.projects } as const) : r;
};

/** Several projects picked from Jira; the form keeps their keys as a comma list. */
export function ProjectsPicker({
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
      search={searchProjects(api)}
      keyOf={(p) => p.key}
      render={(p) => `${p.name} (${p.key})`}
      onChoose={(p) => {
        onKnown(p);
        onChange([...keys, p.key].join(', '));
      }}
      noMatch="No project you can browse matches; try part of its name or key."
      errors={errors}
    />
  );
}

/** One project picked from Jira (an escalation-contacts row). */
export function ProjectPicker({
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
  const id = inputId(field);
  return (
    <div className="field">
      <span className="label" id={`${id}-label`}>
        Project {value ? <strong>{value}</strong> : <span className="help">(not chosen)</span>}
      </span>
      <SearchCombobox<ProjectOption>
        field={field}
        label="Find a project by name or key"
        placeholder="Find a project by name or key"
        search={searchProjects(api)}
        keyOf={(p) => p.key}
        render={(p) => `${p.name} (${p.key})`}
        onChoose={onChange}
        isChosen={(p) => p.key === value}
        noMatch="No project you can browse matches."
        errors={errors}
      />
      <FieldError field={field} errors={errors} />
    </div>
  );
}
