/** Settings group "Confluence": where new postmortems are created. */
import type { SiteOptions } from '@contracts/admin';
import { describedBy, FieldError, TextField } from '../fields';
import { inputId, type FieldErrors } from '../admin-logic';
import type { GroupProps } from './types';

export function ConfluenceGroup({ form, set, errors, options }: GroupProps) {
  return (
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
            errors={errors}
          />
        )}
        <TextField
          field="confluence.parentPageId"
          label="Parent page id"
          help="The number in the parent page’s URL. Optional."
          inputMode="numeric"
          value={form.parentPageId}
          onChange={(v) => set('parentPageId', v)}
          errors={errors}
        />
      </div>
    </section>
  );
}

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
