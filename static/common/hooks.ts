/**
 * The hooks every surface shares: a search that waits for typing to pause, and the state of a
 * search-as-you-type combobox (which option is active, whether its list is open, what a key does).
 */
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { Envelope, ResolverError } from '@contracts/resolver';
import { getContext } from './bridge';
import { listboxAction } from './listbox';

/** How long typing must pause before a search is sent. */
export const SEARCH_DEBOUNCE_MS = 250;

export type SearchState<R> =
  { state: 'idle' } | { state: 'searching' } | { state: 'error'; error: ResolverError } | { state: 'done'; result: R; query: string };

export interface SearchOptions {
  /** Milliseconds typing must pause (default SEARCH_DEBOUNCE_MS). */
  delay?: number;
  /** Fewer trimmed characters than this: no search, the state is idle (default 0: an empty query searches too). */
  minLength?: number;
  /** False: no search (e.g. a project must be chosen first). */
  enabled?: boolean;
  /** Other inputs of the search: a change searches again (e.g. the project people are assigned in). */
  scope?: string;
}

const FAILED: ResolverError = { code: 'internal', message: 'The search failed. Check your connection and try again.' };

/** Runs `search` for the trimmed `query` once typing pauses; answers to older queries are dropped. */
export function useDebouncedSearch<R>(
  query: string,
  search: (query: string) => Promise<Envelope<R>>,
  { delay = SEARCH_DEBOUNCE_MS, minLength = 0, enabled = true, scope = '' }: SearchOptions = {},
): SearchState<R> {
  const [state, setState] = useState<SearchState<R>>({ state: 'idle' });
  const latest = useRef(0);
  const q = query.trim();
  useEffect(() => {
    const ticket = ++latest.current;
    if (!enabled || q.length < minLength) {
      setState({ state: 'idle' });
      return;
    }
    setState({ state: 'searching' });
    const timer = setTimeout(() => {
      search(q).then(
        (res) => {
          if (ticket !== latest.current) return;
          setState(res.ok ? { state: 'done', result: res.data, query: q } : { state: 'error', error: res.error });
        },
        () => ticket === latest.current && setState({ state: 'error', error: FAILED }),
      );
    }, delay);
    return () => clearTimeout(timer);
  }, [q, enabled, scope]);
  return state;
}

export interface Combobox {
  open: boolean;
  setOpen(open: boolean): void;
  /** The active option's index, -1 when none. */
  active: number;
  setActive(i: number): void;
  /** Whether the list is shown (open and not empty): aria-expanded. */
  expanded: boolean;
  onKeyDown(e: KeyboardEvent<HTMLElement>): void;
}

/**
 * The keyboard and open state of a combobox over `options` (WAI-ARIA combobox pattern): arrows,
 * Home and End move, Enter chooses, Escape closes the list (and is marked handled, so a dialog
 * around it stays open). The first option becomes active whenever `resetOn` changes (pass the
 * search state, whose identity changes with each answer).
 */
export function useCombobox<T>(
  options: readonly T[],
  onChoose: (option: T) => void,
  { resetOn, initiallyOpen = false }: { resetOn: unknown; initiallyOpen?: boolean },
): Combobox {
  const [open, setOpen] = useState(initiallyOpen);
  const [active, setActive] = useState(-1);
  useEffect(() => setActive(options.length ? 0 : -1), [resetOn]);
  const onKeyDown = (e: KeyboardEvent<HTMLElement>) => {
    const action = listboxAction(e.key, open, active, options.length);
    if (!action) return;
    e.preventDefault();
    if (action === 'choose') {
      const option = options[active];
      if (option !== undefined) {
        setOpen(false);
        onChoose(option);
      }
    } else if (action === 'close') {
      setOpen(false);
    } else {
      setOpen(true);
      setActive(action.move);
    }
  };
  return { open, setOpen, active, setActive, expanded: open && options.length > 0, onKeyDown };
}

let localeOnce: Promise<string> | undefined;

/**
 * The person's locale as the product gives it (Forge's context `locale`, e.g. "en-GB"), else the
 * browser's: dates are shown the way the site shows them to this person.
 */
export function useLocale(): string {
  const [locale, setLocale] = useState(() => (typeof navigator === 'undefined' ? 'en-US' : navigator.language || 'en-US'));
  useEffect(() => {
    let live = true;
    localeOnce ??= getContext()
      .then((c) => String((c as { locale?: unknown }).locale ?? '').replace('_', '-'))
      .catch(() => '');
    void localeOnce.then((l) => {
      if (!live || !l) return;
      try {
        setLocale(Intl.getCanonicalLocales(l)[0] ?? locale);
      } catch {
        /* not a locale: keep the browser's */
      }
    });
    return () => {
      live = false;
    };
  }, []);
  return locale;
}
