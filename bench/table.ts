export interface BenchRow {
  area: string;
  case: string;
  metric: string;
  value: string;
  /** Human-readable target, or 'info' for a figure without one. */
  target: string;
  ok: boolean;
  raw: Record<string, unknown>;
}

export function printTable(rows: BenchRow[]): string {
  const head = ['area', 'case', 'metric', 'value', 'target', 'met'];
  const body = rows.map((r) => [r.area, r.case, r.metric, r.value, r.target, r.target === 'info' ? '' : r.ok ? 'yes' : 'NO']);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n');
}
