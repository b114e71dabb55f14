import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { memoryStore, openStore } from '../../../local/store';

function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'store-test-'));
}

describe('openStore', () => {
  it('keeps puts, deletes, batches and clear across reopen', () => {
    const dir = tmpDir();
    const s = openStore(dir);
    s.put('a', '1', { x: 1 });
    s.put('a', '2', { x: 2 });
    s.delete('a', '1');
    s.batch((tx) => {
      tx.put('b', 'k', [1, 2, 3]);
      tx.put('a', '3', 'three');
    });
    s.close();
    const r = openStore(dir);
    expect(r.get('a', '1')).toBeUndefined();
    expect(r.get('a', '2')).toEqual({ x: 2 });
    expect(r.get('a', '3')).toBe('three');
    expect(r.list('b')).toEqual([['k', [1, 2, 3]]]);
    r.clear();
    r.put('c', 'z', true);
    r.close();
    const r2 = openStore(dir);
    expect(r2.list('a')).toEqual([]);
    expect(r2.get('c', 'z')).toBe(true);
    r2.close();
  });

  it('returns copies: mutating a read value does not change the store; views are frozen', () => {
    const s = openStore(tmpDir());
    s.put('a', '1', { tags: ['x'] });
    const v = s.get<{ tags: string[] }>('a', '1');
    v?.tags.push('y');
    expect(s.get('a', '1')).toEqual({ tags: ['x'] });
    const frozen = s.view<{ tags: string[] }>('a', '1');
    expect(Object.isFrozen(frozen)).toBe(true);
    expect(() => (frozen?.tags as string[]).push('z')).toThrow();
    s.close();
  });

  it('a batch whose function throws writes nothing', () => {
    const dir = tmpDir();
    const s = openStore(dir);
    expect(() =>
      s.batch((tx) => {
        tx.put('a', '1', 1);
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(s.get('a', '1')).toBeUndefined();
    s.close();
    expect(openStore(dir).get('a', '1')).toBeUndefined();
  });

  it('compacts into a snapshot and still replays later writes', () => {
    const dir = tmpDir();
    const s = openStore(dir, { compactAfterBytes: 500 });
    for (let i = 0; i < 50; i++) s.put('n', String(i), { i });
    expect(fs.existsSync(path.join(dir, 'snapshot.json'))).toBe(true);
    expect(fs.statSync(path.join(dir, 'journal.jsonl')).size).toBeLessThan(600);
    s.delete('n', '7');
    s.close();
    const r = openStore(dir);
    expect(r.list('n')).toHaveLength(49);
    expect(r.get('n', '49')).toEqual({ i: 49 });
    expect(r.get('n', '7')).toBeUndefined();
    r.close();
  });

  it('ignores a torn last journal line', () => {
    const dir = tmpDir();
    const s = openStore(dir);
    s.put('a', '1', { ok: true });
    s.close();
    fs.appendFileSync(path.join(dir, 'journal.jsonl'), '{"seq":2,"ops":[{"op":"put","c":"a","id":"2","v":{"ok"');
    const r = openStore(dir);
    expect(r.get('a', '1')).toEqual({ ok: true });
    expect(r.get('a', '2')).toBeUndefined();
    r.put('a', '3', 3); // the journal is usable after the torn tail is dropped
    r.close();
    const r2 = openStore(dir);
    expect(r2.get('a', '3')).toBe(3);
    r2.close();
  });

  it('replaying a journal already folded into the snapshot is idempotent (crash between rename and truncate)', () => {
    const dir = tmpDir();
    const s = openStore(dir);
    s.put('a', '1', 'first');
    s.put('a', '1', 'second');
    s.close();
    const journal = fs.readFileSync(path.join(dir, 'journal.jsonl'));
    const c = openStore(dir);
    c.compact();
    c.close();
    fs.writeFileSync(path.join(dir, 'journal.jsonl'), journal); // as if truncate never happened
    const r = openStore(dir);
    expect(r.get('a', '1')).toBe('second');
    r.close();
  });

  it('loses no acknowledged write when the writer is killed with SIGKILL', async () => {
    const dir = tmpDir();
    const child = spawn(
      process.execPath,
      // `--import tsx` runs the TypeScript child in this very process (the tsx CLI would fork a
      // grandchild that SIGKILL would not reach).
      ['--import', 'tsx', path.join(__dirname, 'writer-child.ts'), dir],
      { stdio: ['ignore', 'pipe', 'pipe'], cwd: path.join(__dirname, '../../..') },
    );
    const acked: string[] = [];
    let buf = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    await new Promise<void>((resolve, reject) => {
      child.on('exit', (_code, signal) => {
        expect(signal).toBe('SIGKILL');
        resolve();
      });
      child.on('error', reject);
      child.stdout.on('data', (d: Buffer) => {
        buf += d.toString();
        const lines = buf.split('\n');
        buf = lines.pop() ?? '';
        acked.push(...lines);
        if (acked.length >= 400 && !child.killed) child.kill('SIGKILL');
      });
    });
    expect(stderr).toBe('');
    expect(acked.length).toBeGreaterThanOrEqual(400);
    const r = openStore(dir);
    for (const line of acked) {
      const [kind, nStr] = line.split(' ');
      const n = Number(nStr);
      if (kind === 'batch') {
        expect(r.get('docs', `b${n}-a`)).toEqual({ n, part: 'a' });
        expect(r.get('docs', `b${n}-b`)).toMatchObject({ n, part: 'b' });
      } else {
        expect(r.get('docs', `p${n}`)).toMatchObject({ n });
      }
    }
    // Batches land whole or not at all, even the one in flight at the kill.
    const ids = new Set(r.list('docs').map(([id]) => id));
    for (const id of ids) {
      const m = /^b(\d+)-[ab]$/.exec(id);
      if (m) {
        expect(ids.has(`b${m[1]}-a`) && ids.has(`b${m[1]}-b`)).toBe(true);
      }
    }
    r.close();
  });
});

describe('memoryStore', () => {
  it('behaves like the durable store without disk', () => {
    const s = memoryStore();
    s.put('a', '1', { x: 1 });
    s.batch((tx) => {
      tx.put('a', '2', 2);
      tx.delete('a', '1');
    });
    expect(s.list('a')).toEqual([['2', 2]]);
    expect(s.count('a')).toBe(1);
    s.clear();
    expect(s.list('a')).toEqual([]);
  });
});
