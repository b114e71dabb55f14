/** The settings page's form fields: a label, the control, its help and its error, wired for screen readers. */
import type { ReactNode } from 'react';
import { longDate } from '../../common/DateField';
import { useLocale } from '../../common/hooks';
import { inputId, offsetsText, parseNumberList, splitList, type FieldErrors } from './admin-logic';

export function FieldError({ field, errors }: { field: string; errors: FieldErrors }) {
  const message = errors[field];
  return message ? (
    <span id={`${inputId(field)}-error`} className="field-error">
      {message}
    </span>
  ) : null;
}

export function describedBy(field: string, errors: FieldErrors, help?: boolean): string | undefined {
  const ids = [help ? `${inputId(field)}-help` : '', errors[field] ? `${inputId(field)}-error` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

export function previewOffsets(text: string): string {
  const n = parseNumberList(text);
  return n && n.length ? `Reminds ${offsetsText(n)}.` : '';
}

function Help({ field, children }: { field: string; children?: ReactNode }) {
  return children ? (
    <span id={`${inputId(field)}-help`} className="help">
      {children}
    </span>
  ) : null;
}

export function TextField({
  field,
  label,
  help,
  value,
  onChange,
  errors,
  inputMode,
  list,
  multiline,
  type = 'text',
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
  /** A date field gives the browser's date picker; its value is YYYY-MM-DD (empty when cleared). */
  type?: 'text' | 'date';
}) {
  const id = inputId(field);
  const locale = useLocale();
  // A date is also written out in the person's locale (as the shared DateField does), so a short form is never ambiguous.
  const written = type === 'date' ? longDate(value, locale) : '';
  const common = {
    id,
    value,
    'aria-invalid': errors[field] ? true : undefined,
    'aria-describedby': [describedBy(field, errors, Boolean(help)), written ? `${id}-written` : ''].filter(Boolean).join(' ') || undefined,
  } as const;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {multiline ? (
        <textarea {...common} onChange={(e) => onChange(e.currentTarget.value)} />
      ) : (
        <input
          {...common}
          type={type}
          inputMode={inputMode}
          list={list}
          lang={type === 'date' ? locale : undefined}
          onChange={(e) => onChange(e.currentTarget.value)}
        />
      )}
      {type === 'date' && (
        <span id={`${id}-written`} className="help" data-testid={`${id}-written`}>
          {written}
        </span>
      )}
      <Help field={field}>{help}</Help>
      <FieldError field={field} errors={errors} />
    </div>
  );
}

/** A choice among what a product offers; a stored value it no longer has stays listed, marked, so it is not lost silently. */
export function SelectField({
  field,
  label,
  help,
  options,
  value,
  onChange,
  errors,
  labels,
}: {
  field: string;
  label: string;
  help?: string;
  options: readonly string[];
  /** What each option reads as (default: the option itself). */
  labels?: Readonly<Record<string, string>>;
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
            {o === '' ? 'None' : options.includes(o) ? (labels?.[o] ?? o) : `${o} (not in Jira)`}
          </option>
        ))}
      </select>
      <Help field={field}>{help}</Help>
      <FieldError field={field} errors={errors} />
    </div>
  );
}

/**
 * A field whose values the site lists (issue types, link types): a select of them once the site's
 * options are read, a text field when they could not be (with `textHelp`, which gives an example).
 */
export function SiteOptionField({
  options,
  help,
  textHelp,
  ...field
}: {
  field: string;
  label: string;
  help: string;
  textHelp: string;
  options: readonly string[] | undefined;
  value: string;
  onChange: (v: string) => void;
  errors: FieldErrors;
}) {
  return options ? <SelectField {...field} help={help} options={options} /> : <TextField {...field} help={textHelp} />;
}

/** Several values from a list Jira offers, as checkboxes (incident issue types); the form keeps a comma list. */
export function ChoicesField({
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
  const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
  const has = (c: string) => chosen.some((x) => same(x, c));
  const missing = chosen.filter((x) => !choices.some((c) => same(c, x)));
  const toggle = (c: string, on: boolean) =>
    onChange((on ? [...chosen.filter((x) => !same(x, c)), c] : chosen.filter((x) => !same(x, c))).join(', '));
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
      <Help field={field}>{help}</Help>
      <FieldError field={field} errors={errors} />
    </fieldset>
  );
}
