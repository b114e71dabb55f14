/**
 * RFC 4180 CSV with protection against formula injection (CWE-1236): a text cell that a
 * spreadsheet would read as a formula (first character `=`, `+`, `-`, `@`, tab or carriage
 * return) gets a leading apostrophe, so `=HYPERLINK(...)` in an issue summary stays text.
 */

export type CsvCell = string | number | boolean | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** Neutralises a text value a spreadsheet would evaluate. Numbers are data, not formulas. */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** One field: formula-neutralised, quoted when it holds a quote, comma or line break, quotes doubled. */
export function csvCell(value: CsvCell): string {
  let text: string;
  if (value === null || value === undefined) text = '';
  else if (typeof value === 'number') text = Number.isFinite(value) ? String(value) : '';
  else if (typeof value === 'boolean') text = value ? 'true' : 'false';
  else text = neutraliseFormula(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export interface CsvOptions {
  /** Prefix a UTF-8 byte order mark so Excel reads accents correctly. Default false. */
  bom?: boolean;
}

/** Records joined with CRLF, each ending with CRLF (RFC 4180 §2). */
export function toCsv(rows: readonly (readonly CsvCell[])[], options: CsvOptions = {}): string {
  let out = options.bom ? '\uFEFF' : '';
  for (const row of rows) out += `${row.map(csvCell).join(',')}\r\n`;
  return out;
}

/** A column of a CSV export: a header and how to read the cell from a row. */
export interface CsvColumn<Row> {
  header: string;
  value: (row: Row) => CsvCell;
}

/** Header row plus one record per row, in column order. */
export function rowsToCsv<Row>(columns: readonly CsvColumn<Row>[], rows: readonly Row[], options: CsvOptions = {}): string {
  const table: CsvCell[][] = [columns.map((c) => c.header)];
  for (const row of rows) table.push(columns.map((c) => c.value(row)));
  return toCsv(table, options);
}
