/**
 * The markup of a search-as-you-type combobox (WAI-ARIA combobox pattern), shared by every surface:
 * the input's ARIA wiring and the listbox under it. The state comes from `useCombobox`.
 */
import type { InputHTMLAttributes, ReactNode } from 'react';
import type { Combobox } from './hooks';
import './combobox.css';

/** The listbox's id and each option's id (`${listId}-${i}`), for aria-controls and aria-activedescendant. */
export function optionId(listId: string, i: number): string {
  return `${listId}-${i}`;
}

/** The input attributes that make a text box the combobox of `listId`. */
export function comboboxInputProps(c: Combobox, listId: string): InputHTMLAttributes<HTMLInputElement> {
  return {
    type: 'text',
    role: 'combobox',
    'aria-autocomplete': 'list',
    'aria-expanded': c.expanded,
    'aria-controls': listId,
    'aria-activedescendant': c.expanded && c.active >= 0 ? optionId(listId, c.active) : undefined,
    autoComplete: 'off',
    onKeyDown: c.onKeyDown,
    onFocus: () => c.setOpen(true),
  };
}

/** The options under the combobox; a mouse click chooses without taking the focus from the input. */
export function OptionList<T>({
  listId,
  label,
  combo,
  options,
  keyOf,
  onChoose,
  children,
}: {
  listId: string;
  label: string;
  combo: Combobox;
  options: readonly T[];
  keyOf: (option: T) => string;
  onChoose: (option: T) => void;
  children: (option: T, i: number) => ReactNode;
}) {
  if (!combo.expanded) return null;
  return (
    <ul id={listId} role="listbox" aria-label={label} className="listbox">
      {options.map((o, i) => (
        <li
          key={keyOf(o)}
          id={optionId(listId, i)}
          role="option"
          aria-selected={i === combo.active}
          className={i === combo.active ? 'option active' : 'option'}
          onMouseDown={(e) => {
            e.preventDefault();
            combo.setOpen(false);
            onChoose(o);
          }}
          onMouseEnter={() => combo.setActive(i)}
        >
          {children(o, i)}
        </li>
      ))}
    </ul>
  );
}

/** A round avatar with a person's initials (no image is fetched from another origin). */
export function Avatar({ name }: { name: string }) {
  const initials =
    name
      .split(/\s+/)
      .filter(Boolean)
      .slice(0, 2)
      .map((w) => w[0]?.toUpperCase() ?? '')
      .join('') || '?';
  let hue = 0;
  for (const ch of name) hue = (hue * 31 + ch.charCodeAt(0)) % 6;
  return (
    <span className={`avatar avatar-${hue}`} aria-hidden="true">
      {initials}
    </span>
  );
}
