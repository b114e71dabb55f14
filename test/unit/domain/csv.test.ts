import fc from 'fast-check';
import { csvCell, neutraliseFormula, rowsToCsv, toCsv } from '../../../src/domain/csv';

/**
 * An RFC 4180 reader that splits on `separator`, as a spreadsheet does with its locale's list
 * separator (`,` in English, `;` in German or French, tab for pasted text). Quotes are honoured.
 */
function parseCsv(text: string, separator = ','): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 2;
        continue;
      }
      if (c === '"') {
        quoted = false;
        i++;
        continue;
      }
      cell += c;
      i++;
      continue;
    }
    if (c === '"') quoted = true;
    else if (c === separator) {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
    i++;
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}

/** What a spreadsheet would evaluate: a cell whose first visible character starts a formula. */
const FORMULA = /^[\p{White_Space}\p{Cc}\p{Cf}]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]/u;
const SEPARATORS = [',', ';', '\t', '|'];

describe('csvCell', () => {
  it('quotes every text cell and doubles quotes', () => {
    expect(csvCell('OPS-12')).toBe('"OPS-12"');
    expect(csvCell('Café')).toBe('"Café"');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('line1\r\nline2')).toBe('"line1\r\nline2"');
    expect(csvCell('')).toBe('');
  });
  it('keeps a `;` inside its cell, so x;=cmd cannot become a formula cell where `;` separates cells', () => {
    const csv = toCsv([['x;=cmd|" /C calc"!A0', 'next']]);
    expect(csv).toBe('"x;=cmd|"" /C calc""!A0","next"\r\n');
    expect(parseCsv(csv, ';')).toEqual([['x;=cmd|" /C calc"!A0,next']]);
    expect(parseCsv(csv, ',')).toEqual([['x;=cmd|" /C calc"!A0', 'next']]);
  });
  it.each([
    ['=1+1', "'=1+1"],
    ['+SUM(A1)', "'+SUM(A1)"],
    ['-2+3', "'-2+3"],
    ['@cmd', "'@cmd"],
    ['\t=1', "'\t=1"],
    ['\tplain', "'\tplain"],
    ['\r=1', "'\r=1"],
    ['\n=1', "'\n=1"],
    [' =1', "' =1"],
    ['\u00a0\u200b=1', "'\u00a0\u200b=1"],
    ['＝1+1', "'＝1+1"],
    ['＋1', "'＋1"],
    ['－1', "'－1"],
    ['＠x', "'＠x"],
  ])('neutralises a formula %j', (input, expected) => {
    expect(neutraliseFormula(input)).toBe(expected);
  });
  it('writes numbers and booleans as data, empty for null/undefined/NaN', () => {
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell(2.5)).toBe('2.5');
    expect(csvCell(true)).toBe('true');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(Number.NaN)).toBe('');
  });
  it('does not touch a formula character that is not first', () => {
    expect(csvCell('a=b')).toBe('"a=b"');
    expect(csvCell('a;-b')).toBe('"a;-b"');
  });
});

describe('toCsv', () => {
  it('ends every record with CRLF and can add a BOM', () => {
    expect(
      toCsv([
        ['a', 'b'],
        [1, 2],
      ]),
    ).toBe('"a","b"\r\n1,2\r\n');
    expect(toCsv([['a']], { bom: true })).toBe('\uFEFF"a"\r\n');
    expect(toCsv([])).toBe('');
  });
  it('round-trips hostile cells through an RFC 4180 reader (formulas stay text)', () => {
    const cells = ['=cmd|"/c calc"!A1', 'multi\nline, with "quotes"', '@SUM(1)', 'plain'];
    const parsed = parseCsv(toCsv([cells]));
    expect(parsed).toEqual([['\'=cmd|"/c calc"!A1', 'multi\nline, with "quotes"', "'@SUM(1)", 'plain']]);
  });
  it('whatever the text and whichever list separator the reader uses, each cell reads back whole and none starts a formula', () => {
    const text = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.string({ unit: 'grapheme', maxLength: 30 }),
      fc
        .array(fc.constantFrom('x', ' ', ';', ',', '\t', '|', '"', '=', '+', '-', '@', '\r', '\n', '\u200b', '＝', 'cmd'), {
          maxLength: 12,
        })
        .map((a) => a.join('')),
    );
    fc.assert(
      fc.property(fc.array(text, { minLength: 1, maxLength: 5 }), (cells) => {
        const csv = toCsv([cells]);
        for (const sep of SEPARATORS) {
          const expected = cells.map((c) => neutraliseFormula(c));
          const read = parseCsv(csv, sep);
          // Only the real separator splits cells; any other reads as one field holding the quoted row.
          if (sep === ',') expect(read).toEqual([expected]);
          for (const cell of read.flat()) expect(cell).not.toMatch(FORMULA);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('rowsToCsv', () => {
  it('writes a header and one record per row in column order', () => {
    const csv = rowsToCsv(
      [
        { header: 'Key', value: (r: { key: string; n: number }) => r.key },
        { header: 'Days', value: (r) => r.n },
      ],
      [
        { key: 'OPS-1', n: 3 },
        { key: '=X', n: -1 },
      ],
    );
    expect(csv).toBe(`"Key","Days"\r\n"OPS-1",3\r\n"'=X",-1\r\n`);
  });
});
