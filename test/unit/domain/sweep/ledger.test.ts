import { isValidKvsKey, ledgerKey, ledgerSubjectPrefix, ledgerTtlDays, parseLedgerKey } from '../../../../src/domain/sweep/ledger';

describe('ledger keys', () => {
  it('names (kind, subject, due date, stage)', () => {
    expect(ledgerKey('a', 'OPS-12', '2026-03-01', 'r7')).toBe('sweep-ledger:a:OPS-12:2026-03-01:r7');
    expect(ledgerKey('p', 'INC-4', '2026-03-03', 'e8')).toBe('sweep-ledger:p:INC-4:2026-03-03:e8');
    expect(ledgerKey('a', 'OPS-13', null, 'nodue')).toBe('sweep-ledger:a:OPS-13:none:nodue');
  });

  it('fits the @forge/kvs key rules even for the longest issue keys', () => {
    const longest = ledgerKey('a', `A${'B_9'.repeat(3)}-999999999`, '2026-12-31', 't365');
    expect(isValidKvsKey(longest)).toBe(true);
    expect(longest.length).toBeLessThan(100);
    expect(isValidKvsKey('x'.repeat(501))).toBe(false);
    expect(isValidKvsKey('a/b')).toBe(false);
    expect(isValidKvsKey('')).toBe(false);
    expect(isValidKvsKey('a:b.c_d e-f#g')).toBe(true);
  });

  it('refuses subjects, dates and stages that could collide or break the key', () => {
    expect(() => ledgerKey('a', 'OPS-12:x', '2026-03-01', 'r7')).toThrow(RangeError);
    expect(() => ledgerKey('a', 'ops-12', '2026-03-01', 'r7')).toThrow(RangeError);
    expect(() => ledgerKey('a', 'OPS-12', '1 March', 'r7')).toThrow(RangeError);
    expect(() => ledgerKey('a', 'OPS-12', '2026-03-01', 'x1' as 'r1')).toThrow(RangeError);
  });

  it('parses back what it writes, and nothing else', () => {
    expect(parseLedgerKey('sweep-ledger:a:OPS-12:2026-03-01:r7')).toEqual({
      kind: 'a',
      subject: 'OPS-12',
      dueDate: '2026-03-01',
      stage: 'r7',
    });
    expect(parseLedgerKey('sweep-ledger:a:OPS-13:none:nodue')?.dueDate).toBeNull();
    expect(parseLedgerKey('sweep-ledger:a:OPS-12:2026-03-01')).toBeUndefined();
    expect(parseLedgerKey('other:a:OPS-12:2026-03-01:r7')).toBeUndefined();
    expect(parseLedgerKey('sweep-ledger:z:OPS-12:2026-03-01:r7')).toBeUndefined();
  });

  it('has a per-subject prefix that no other subject shares', () => {
    const prefix = ledgerSubjectPrefix('a', 'OPS-1');
    expect(ledgerKey('a', 'OPS-1', '2026-03-01', 'r7').startsWith(prefix)).toBe(true);
    expect(ledgerKey('a', 'OPS-12', '2026-03-01', 'r7').startsWith(prefix)).toBe(false);
  });

  it('keeps dated entries 400 days and the missing-due-date notice forever', () => {
    expect(ledgerTtlDays('sweep-ledger:a:OPS-12:2026-03-01:e8')).toBe(365);
    expect(ledgerTtlDays('sweep-ledger:a:OPS-12:none:nodue')).toBeUndefined();
  });
});
