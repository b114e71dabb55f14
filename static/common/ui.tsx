import { useCallback, useEffect, useState, type ReactNode } from 'react';
import type { PostmortemDueState } from '@contracts/due';
import type { Envelope, ResolverError } from '@contracts/resolver';

export type Load<T> = { state: 'loading' } | { state: 'error'; error: ResolverError } | { state: 'ready'; data: T };

/**
 * Runs `fetcher` on mount, on `reload()` and whenever a value in `deps` changes (e.g. the filters
 * applied), keeping loading / error / ready apart; an answer to an older call is dropped.
 */
export function useLoad<T>(
  fetcher: () => Promise<Envelope<T>>,
  deps: readonly unknown[] = [],
  failMessage = 'Could not load. Check your connection and try again.',
): [Load<T>, () => void] {
  const [load, setLoad] = useState<Load<T>>({ state: 'loading' });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setLoad({ state: 'loading' });
    fetcher().then(
      (res) => live && setLoad(res.ok ? { state: 'ready', data: res.data } : { state: 'error', error: res.error }),
      () => live && setLoad({ state: 'error', error: { code: 'internal', message: failMessage } }),
    );
    return () => {
      live = false;
    };
  }, [tick, ...deps]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return [load, reload];
}

export function Loading({ what }: { what: string }) {
  return (
    <p role="status" aria-live="polite" className="subtle">
      Loading {what}…
    </p>
  );
}

export function ErrorMessage({ error, onRetry }: { error: ResolverError; onRetry?: () => void }) {
  return (
    <div role="alert" className="message error">
      <p>{error.message}</p>
      {error.fields && (
        <ul>
          {Object.entries(error.fields).map(([field, message]) => (
            <li key={field}>
              {field}: {message}
            </li>
          ))}
        </ul>
      )}
      {onRetry && <button onClick={onRetry}>Try again</button>}
    </div>
  );
}

export function Lozenge({
  tone = 'default',
  children,
}: {
  tone?: 'default' | 'success' | 'warning' | 'danger' | 'info';
  children: ReactNode;
}) {
  return <span className={`lozenge ${tone}`}>{children}</span>;
}

export const STATUS_LABEL: Record<string, string> = { draft: 'Draft', 'in-review': 'In review', reviewed: 'Reviewed' };
export const STATUS_TONE: Record<string, 'default' | 'info' | 'success'> = { draft: 'default', 'in-review': 'info', reviewed: 'success' };

/** Tone of a postmortem's due state: late is danger; sent late, due today or tomorrow, or no due date a warning. */
export function dueTone(state: PostmortemDueState): 'default' | 'warning' | 'danger' | 'success' {
  switch (state.kind) {
    case 'sent-on-time':
      return 'success';
    case 'late':
      return 'danger';
    case 'sent-late':
    case 'due-today':
    case 'no-due-date':
      return 'warning';
    case 'due':
      return state.days <= 1 ? 'warning' : 'default';
  }
}

/**
 * A labelled text area (a reason, a note) with the line under it: its error, announced, when there
 * is one, else `help` (a character count, who decides).
 */
export function NoteField({
  id,
  helpId = `${id}-help`,
  label,
  value,
  onChange,
  error,
  help,
  fullWidth = false,
}: {
  id: string;
  helpId?: string;
  label: string;
  value: string;
  onChange: (v: string) => void;
  error: string | null | undefined;
  help: string;
  fullWidth?: boolean;
}) {
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        rows={3}
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={helpId}
        onChange={(e) => onChange(e.currentTarget.value)}
        style={fullWidth ? { display: 'block', width: '100%', boxSizing: 'border-box' } : undefined}
      />
      <p id={helpId} className={error ? 'field-error' : 'subtle'} role={error ? 'alert' : undefined}>
        {error ?? help}
      </p>
    </>
  );
}
