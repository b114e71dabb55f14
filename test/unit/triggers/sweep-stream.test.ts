/** The sweep's storage layout and fan-out pieces that need no Forge: bucket records, compact events, the open incident, pacing. */
import { addDays } from '../../../src/domain/dates';
import { ITEMS_PER_BUCKET, ledgerBucketKey, ledgerRecordKeysOf, markRecordKey, marksByRecord, mergeMarks } from '../../../src/domain/sweep';
import { chunkEvents, compactItems, expandItems } from '../../../src/triggers/sweep/chunking';
import { ChunkEvent, FLUSH_SUBJECTS, MAX_EVENT_BYTES } from '../../../src/triggers/sweep/events';
import { chunkCost, delayFor, splitOpenGroup } from '../../../src/triggers/sweep/stream';
import { TODAY, item, postmortem } from '../domain/sweep/fixtures';

const ALICE = '712020:7d3c9a2e-0b5f-4e61-9c1d-000000000001';
const RITA = '712020:7d3c9a2e-0b5f-4e61-9c1d-000000000002';

describe('ledger records: the incident’s, and buckets of its items', () => {
  it('keeps an item’s marks in the bucket of 25 item numbers under its incident, a postmortem’s in the incident’s record', () => {
    expect(ITEMS_PER_BUCKET).toBe(25);
    expect(ledgerBucketKey('INC-1', 'PAY-24')).toBe('sweep-ledger:g:INC-1:b:PAY:0');
    expect(ledgerBucketKey('INC-1', 'PAY-25')).toBe('sweep-ledger:g:INC-1:b:PAY:1');
    expect(markRecordKey('INC-1', 'sweep-ledger:a:PAY-25:2026-03-01:e1')).toBe('sweep-ledger:g:INC-1:b:PAY:1');
    expect(markRecordKey('INC-1', 'sweep-ledger:p:INC-1:2026-03-01:e1')).toBe('sweep-ledger:g:INC-1');
    // An item linked to no incident is its own group: its own record.
    expect(markRecordKey('OPS-7', 'sweep-ledger:a:OPS-7:none:nodue')).toBe('sweep-ledger:g:OPS-7');
  });

  it('reads, per chunk, each incident’s record and each bucket of its items, once', () => {
    const keys = ledgerRecordKeysOf(
      [
        item({ key: 'PAY-1', incidentKey: 'INC-1' }),
        item({ key: 'PAY-2', incidentKey: 'INC-1' }),
        item({ key: 'OPS-9', incidentKey: null }),
      ],
      [postmortem({ incidentKey: 'INC-2' })],
    );
    expect(keys).toEqual(['sweep-ledger:g:INC-1', 'sweep-ledger:g:INC-1:b:PAY:0', 'sweep-ledger:g:INC-2', 'sweep-ledger:g:OPS-9']);
  });

  it('splits one escalation’s marks by record, so no record holds more than its bucket of items', () => {
    const marks = Array.from({ length: 100 }, (_, i) => ({ key: `sweep-ledger:a:PAY-${i}:2026-03-01:e1`, to: ['boss'], on: TODAY }));
    const byRecord = marksByRecord('INC-1', [...marks, { key: 'sweep-ledger:p:INC-1:2026-03-01:e1', to: ['boss'], on: TODAY }]);
    expect([...byRecord.keys()].sort()).toEqual([
      'sweep-ledger:g:INC-1',
      'sweep-ledger:g:INC-1:b:PAY:0',
      'sweep-ledger:g:INC-1:b:PAY:1',
      'sweep-ledger:g:INC-1:b:PAY:2',
      'sweep-ledger:g:INC-1:b:PAY:3',
    ]);
    for (const [key, some] of byRecord) {
      const record = mergeMarks(undefined, some, TODAY);
      // A bucket's record of a year of weekly escalations stays within KVS's 240 KB value.
      if (key.includes(':b:')) expect(Object.keys(record.marks)).toHaveLength(ITEMS_PER_BUCKET);
    }
  });
});

describe('compact chunk events', () => {
  it('writes each person once and gets the same items back', () => {
    const items = Array.from({ length: 50 }, (_, i) =>
      item({
        key: `PAY-${i + 1}`,
        incidentKey: 'INC-1',
        assignee: i % 2 ? { accountId: ALICE, displayName: 'Alice' } : null,
        reporter: { accountId: RITA, displayName: 'Rita' },
      }),
    );
    const wire = compactItems(items);
    expect(wire.people).toEqual([
      { accountId: RITA, displayName: 'Rita' },
      { accountId: ALICE, displayName: 'Alice' },
    ]);
    const back = expandItems(wire);
    expect(back.map((i) => [i.key, i.assignee, i.reporter])).toEqual(items.map((i) => [i.key, i.assignee, i.reporter]));
    expect(Buffer.byteLength(JSON.stringify(wire))).toBeLessThan(0.8 * Buffer.byteLength(JSON.stringify(items)));
  });

  it('keeps every event under the 100 KB a long-running consumer takes, however large the incident', () => {
    const items = Array.from({ length: 3000 }, (_, i) => item({ key: `PAY-${i + 1}`, incidentKey: 'INC-1', summary: 's'.repeat(200) }));
    const events = chunkEvents(
      { items, postmortems: [] },
      { runId: 'r', today: TODAY, siteUrl: 'https://acme.atlassian.net', projects: {} },
    );
    expect(events.length).toBeGreaterThan(1);
    for (const e of events) {
      expect(Buffer.byteLength(JSON.stringify({ body: e }))).toBeLessThanOrEqual(MAX_EVENT_BYTES + 1000);
      expect(ChunkEvent.parse(JSON.parse(JSON.stringify(e)))).toEqual(e);
    }
    expect(events.flatMap((e) => expandItems(e).map((i) => i.key))).toEqual(items.map((i) => i.key));
  });
});

describe('fanning out as the scan pages', () => {
  it('carries the incident still open at the end of the buffer to the next cut, unless it alone fills a buffer', () => {
    const items = [
      item({ key: 'PAY-1', incidentKey: 'INC-1' }),
      item({ key: 'PAY-2', incidentKey: 'INC-2' }),
      item({ key: 'PAY-3', incidentKey: 'INC-1' }),
      item({ key: 'PAY-4', incidentKey: 'INC-2' }),
    ];
    const { ready, carry } = splitOpenGroup({ items, postmortems: [postmortem({ incidentKey: 'INC-2' })] });
    expect(ready.items.map((i) => i.key)).toEqual(['PAY-1', 'PAY-3']);
    expect(carry.items.map((i) => i.key)).toEqual(['PAY-2', 'PAY-4']);
    expect(carry.postmortems.map((p) => p.incidentKey)).toEqual(['INC-2']);
    const huge = Array.from({ length: FLUSH_SUBJECTS }, (_, i) => item({ key: `PAY-${i + 1}`, incidentKey: 'INC-9' }));
    expect(splitOpenGroup({ items: huge, postmortems: [] }).carry.items).toEqual([]);
  });

  it('paces by the storage calls a chunk may make: items that may get a mail cost more than overdue ones', () => {
    const soon = chunkCost({
      today: TODAY,
      items: [item({ key: 'PAY-1', incidentKey: 'INC-1', dueDate: addDays(TODAY, 1) })],
      postmortems: [],
    });
    const late = chunkCost({
      today: TODAY,
      items: [item({ key: 'PAY-1', incidentKey: 'INC-1', dueDate: addDays(TODAY, -9) })],
      postmortems: [],
    });
    expect(soon).toBe(late + 2);
    expect(delayFor(10_500, 10_000)).toBe(1);
    expect(delayFor(9_000, 10_000)).toBe(0);
  });
});
