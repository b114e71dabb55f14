/**
 * A date picker: the browser's date control (a calendar, keyboard entry) with, under it, the date
 * written out in the person's locale ("Tuesday 17 November 2026"), so there is no doubt which day
 * a short form like 03/04 means. The value stays ISO (YYYY-MM-DD).
 */
import type { Ref } from 'react';
import { useLocale } from './hooks';

/** The ISO date written out in `locale` (weekday, day, month, year); '' when it is not a date. */
export function longDate(iso: string, locale: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) return '';
  const d = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return '';
  try {
    return new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeZone: 'UTC' }).format(d);
  } catch {
    return iso;
  }
}

export function DateField({
  id,
  label,
  value,
  min,
  onChange,
  error,
  className = 'field',
  inputRef,
}: {
  id: string;
  label: string;
  value: string;
  min?: string;
  onChange(value: string): void;
  error?: string;
  className?: string;
  inputRef?: Ref<HTMLInputElement>;
}) {
  const locale = useLocale();
  const written = longDate(value, locale);
  const errorId = `${id}-error`;
  return (
    <div className={className}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        ref={inputRef}
        type="date"
        min={min}
        value={value}
        lang={locale}
        aria-invalid={error ? true : undefined}
        aria-describedby={[error ? errorId : '', `${id}-written`].filter(Boolean).join(' ')}
        onInput={(e) => onChange(e.currentTarget.value)}
      />
      <span id={`${id}-written`} className="subtle small" data-testid={`${id}-written`}>
        {written}
      </span>
      {error && (
        <span id={errorId} className="field-error">
          {error}
        </span>
      )}
    </div>
  );
}
