import { csvCell, rowsToCsv, toCsv } from '../../../src/domain/csv';

/** A small RFC 4180 reader, to check that what we write reads back as the same cells. */
function parseCsv(text: string): string[][] {
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
    else if (c === ',') {
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

describe('csvCell', () => {
  it('leaves plain text alone', () => {
    expect(csvCell('OPS-12')).toBe('OPS-12');
    expect(csvCell('Café')).toBe('Café');
  });
  it('quotes cells with commas, quotes or line breaks and doubles quotes', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('line1\nline2')).toBe('"line1\nline2"');
    expect(csvCell('line1\r\nline2')).toBe('"line1\r\nline2"');
  });
  it.each([
    ['=1+1', "'=1+1"],
    ['+SUM(A1)', "'+SUM(A1)"],
    ['-2+3', "'-2+3"],
    ['@cmd', "'@cmd"],
    ['\t=1', "'\t=1"],
  ])('neutralises a formula %j', (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });
  it('neutralises and quotes a formula that also needs quotes', () => {
    expect(csvCell('=HYPERLINK("http://evil","x")')).toBe(`"'=HYPERLINK(""http://evil"",""x"")"`);
    expect(csvCell('\r=1')).toBe(`"'\r=1"`);
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
    expect(csvCell('a=b')).toBe('a=b');
    expect(csvCell(' =1')).toBe(' =1');
  });
});

describe('toCsv', () => {
  it('ends every record with CRLF and can add a BOM', () => {
    expect(toCsv([['a', 'b'], [1, 2]])).toBe('a,b\r\n1,2\r\n');
    expect(toCsv([['a']], { bom: true })).toBe('\uFEFFa\r\n');
    expect(toCsv([])).toBe('');
  });
  it('round-trips hostile cells through an RFC 4180 reader (formulas stay text)', () => {
    const cells = ['=cmd|"/c calc"!A1', 'multi\nline, with "quotes"', '@SUM(1)', 'plain'];
    const parsed = parseCsv(toCsv([cells]));
    expect(parsed).toEqual([["'=cmd|\"/c calc\"!A1", 'multi\nline, with "quotes"', "'@SUM(1)", 'plain']]);
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
    expect(csv).toBe("Key,Days\r\nOPS-1,3\r\n'=X,-1\r\n");
  });
});
