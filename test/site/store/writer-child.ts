/** Child process for store.test.ts: writes forever, printing each write after it is acknowledged. */
import { openStore } from '../../../local/store';

const dir = process.argv[2];
if (!dir) throw new Error('usage: writer-child <dir>');
const store = openStore(dir, { compactAfterBytes: 20_000 });
let i = 0;
for (;;) {
  i += 1;
  if (i % 3 === 0) {
    const n = i;
    store.batch((tx) => {
      tx.put('docs', `b${n}-a`, { n, part: 'a' });
      tx.put('docs', `b${n}-b`, { n, part: 'b', pad: 'x'.repeat(n % 200) });
    });
    process.stdout.write(`batch ${n}\n`);
  } else {
    store.put('docs', `p${i}`, { n: i, pad: 'y'.repeat(i % 300) });
    process.stdout.write(`put ${i}\n`);
  }
}
