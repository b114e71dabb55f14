/**
 * "Link an existing page": search as you type (debounced) over the Confluence pages the user may
 * see, pick one in a keyboard-accessible listbox (combobox pattern), then "Link". The backend
 * checks as the user that they may edit the page and browse the incident, links both ways and adds
 * the Postmortem macro to the page when it has none.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { LinkExistingPageResult, PageOption, SearchPagesResult } from '@contracts/panel-postmortem';
import type { Envelope, ResolverError } from '@contracts/resolver';
import { ErrorMessage } from '../../common/ui';
import { comboboxInputProps, OptionList } from '../../common/Combobox';
import { useCombobox, useDebouncedSearch } from '../../common/hooks';
import { conflictPageOf, MAX_QUERY, searchStatus } from './link-page-logic';
import { safeHref } from './panel-logic';
import { ProductLink } from '../../common/links';

export interface LinkPageApi {
  searchPages(query: string): Promise<Envelope<SearchPagesResult>>;
  linkExistingPage(pageId: string): Promise<Envelope<LinkExistingPageResult>>;
}

export function LinkExistingPage({
  api,
  issueKey,
  onLinked,
}: {
  api: LinkPageApi;
  issueKey: string;
  onLinked(result: LinkExistingPageResult): void;
}) {
  const [query, setQuery] = useState('');
  const [chosen, setChosen] = useState<PageOption | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [failure, setFailure] = useState<ResolverError | null>(null);
  const [busy, setBusy] = useState(false);
  const inFlight = useRef(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const search = useDebouncedSearch(query, api.searchPages);
  const options = search.state === 'done' ? search.result.pages : [];
  const choose = (o: PageOption) => {
    setChosen(o);
    setFormError(null);
    setFailure(null);
  };
  const combo = useCombobox(options, choose, { resetOn: search, initiallyOpen: true });

  useEffect(() => inputRef.current?.focus(), []);

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (inFlight.current) return;
    if (!chosen) {
      setFormError(
        'Pick a page from the list first: type words of its title (or paste its link), then choose it with the arrow keys and Enter, or click it.',
      );
      inputRef.current?.focus();
      return;
    }
    inFlight.current = true;
    setBusy(true);
    setFailure(null);
    const res = await api.linkExistingPage(chosen.pageId);
    inFlight.current = false;
    setBusy(false);
    if (res.ok) onLinked(res.data);
    else setFailure(res.error);
  };

  const listId = 'pm-page-options';
  const conflict = conflictPageOf(failure);
  const conflictHref = conflict ? safeHref(conflict.url) : undefined;
  const chosenHref = chosen ? safeHref(chosen.url) : undefined;

  return (
    <form
      id="pm-link-form"
      className="link-page"
      onSubmit={(e) => void onSubmit(e)}
      noValidate
      aria-busy={busy}
      aria-labelledby="pm-link-title"
    >
      <h3 id="pm-link-title">Link an existing page</h3>
      <p className="subtle">
        Pick the Confluence page that is {issueKey}’s postmortem. It is linked both ways, and the Postmortem macro is added at the top of
        the page if it has none.
      </p>
      <div className="field combo">
        <label htmlFor="pm-page-search">Page title or link</label>
        <input
          id="pm-page-search"
          ref={inputRef}
          {...comboboxInputProps(combo, listId)}
          aria-describedby="pm-page-help pm-page-status"
          aria-invalid={formError ? true : undefined}
          placeholder="Type words of the title"
          value={query}
          maxLength={MAX_QUERY}
          disabled={busy}
          onChange={(e) => {
            setQuery(e.currentTarget.value);
            setChosen(null);
            combo.setOpen(true);
          }}
        />
        <OptionList listId={listId} label="Pages" combo={combo} options={options} keyOf={(o) => o.pageId} onChoose={choose}>
          {(o) => o.title || `Page ${o.pageId}`}
        </OptionList>
        <span id="pm-page-help" className="subtle">
          Only pages you have permission to see are listed; you need permission to edit the one you link.
        </span>
        <span id="pm-page-status" role="status" aria-live="polite" className="subtle">
          {searchStatus(search)}
        </span>
        {formError && (
          <span role="alert" className="field-error">
            {formError}
          </span>
        )}
      </div>
      {search.state === 'error' && <ErrorMessage error={search.error} />}
      {chosen && (
        <p>
          Link{' '}
          {chosenHref ? (
            <ProductLink href={chosenHref} newTab>
              {chosen.title || `page ${chosen.pageId}`}
            </ProductLink>
          ) : (
            <strong>{chosen.title || `page ${chosen.pageId}`}</strong>
          )}{' '}
          to {issueKey}.
        </p>
      )}
      {failure && (
        <div role="alert" className="message error">
          <p>{failure.message}</p>
          {conflict && conflictHref && (
            <p>
              <ProductLink href={conflictHref}>Open {conflict.title ? `“${conflict.title}”` : 'that postmortem'}</ProductLink>
            </p>
          )}
        </div>
      )}
      <p className="actions">
        <button type="submit" className="primary" disabled={busy} aria-busy={busy}>
          {busy ? 'Linking…' : 'Link'}
        </button>
      </p>
      <p role="status" aria-live="polite" className="subtle">
        {busy ? `Linking the page to ${issueKey}: recording the link on the page and on the incident…` : ''}
      </p>
    </form>
  );
}
