/** Settings group "Language": the glossary the language check uses to suggest plain words for internal names. */
import { FieldError, TextField } from '../fields';
import { inputId, rowId } from '../admin-logic';
import type { GroupProps } from './types';

export function LanguageGroup({ form, set, errors }: GroupProps) {
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
