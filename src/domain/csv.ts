/**
 * RFC 4180 CSV that no spreadsheet, in any locale, reads as a formula (CWE-1236):
 * - every text cell is quoted (quotes doubled), so a `;`, `,`, tab or any other character a
 *   locale uses as its list separator stays inside the cell: `x;=cmd|...` cannot become a second
 *   cell `=cmd|...` where `;` separates cells;
 * - a text cell whose first visible character starts a formula (`=`, `+`, `-`, `@`, or their
 *   full-width forms, after any spaces, control or invisible characters a spreadsheet may skip),
 *   or that starts with a tab or a line break, gets a leading apostrophe, so `=HYPERLINK(...)`
 *   in an issue summary stays text.
 * Numbers and booleans are data, written as they are.
 */

export type CsvCell = string | number | boolean | null | undefined;

const FORMULA_START = /^(?:[\t\r\n]|[\p{White_Space}\p{Cc}\p{Cf}]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20])/u;

/** Neutralises a text value a spreadsheet would evaluate. Numbers are data, not formulas. */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** One field: numbers and booleans as they are; text formula-neutralised and always quoted, quotes doubled. */
export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value === '') return '';
  return `"${neutraliseFormula(value).replace(/"/g, '""')}"`;
}

export interface CsvOptions {
  /** Prefix a UTF-8 byte order mark so Excel reads accents correctly. Default false. */
  bom?: boolean;
  /** Write the header row (default true); a later part of a file in parts has none. */
  header?: boolean;
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
  const table: CsvCell[][] = options.header === false ? [] : [columns.map((c) => c.header)];
  for (const row of rows) table.push(columns.map((c) => c.value(row)));
  return toCsv(table, options);
}
