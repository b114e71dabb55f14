/** Keyboard behaviour of a search-as-you-type combobox and its listbox, shared by every surface. */

/** The option that becomes active after a key press (-1: none); undefined when the key is not a list key. */
export function nextActive(key: string, active: number, count: number): number | undefined {
  if (count <= 0) return key === 'ArrowDown' || key === 'ArrowUp' || key === 'Home' || key === 'End' ? -1 : undefined;
  if (key === 'ArrowDown') return (active + 1) % count;
  if (key === 'ArrowUp') return active <= 0 ? count - 1 : active - 1;
  if (key === 'Home') return 0;
  if (key === 'End') return count - 1;
  return undefined;
}

export type ListboxAction = { move: number } | 'choose' | 'close';

/** What a key press in the combobox does: move the active option, choose it, or close the list. */
export function listboxAction(key: string, open: boolean, active: number, count: number): ListboxAction | undefined {
  const move = nextActive(key, active, count);
  if (move !== undefined) return { move };
  if (key === 'Enter' && open && active >= 0 && active < count) return 'choose';
  if (key === 'Escape' && open) return 'close';
  return undefined;
}
