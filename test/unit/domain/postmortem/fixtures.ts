/**
 * Fixtures for the postmortem checks, shared with the benchmarks (bench/ may import this file).
 * Deterministic: the same size gives the same document.
 */
import { DEFAULT_TEMPLATE_SECTIONS, type GlossaryEntry, type TemplateSection } from '../../../../src/contracts/settings';
import { buildPostmortemDoc, type Person } from '../../../../src/domain/postmortem';

export const FIXTURE_PEOPLE: Person[] = [
  { accountId: '5b10a2844c20165700ede21g', displayName: 'Alice Martin' },
  { accountId: '5b10ac8d82e05b22cc7d4ef5', displayName: 'Bob Okafor' },
  { accountId: '712020:0e6f5b1c-2a3d-4e5f-8a9b-0c1d2e3f4a5b', displayName: 'Zoë Ødegård' },
  { accountId: '5b10a2844c20165700ede21h', displayName: 'Will Chen' },
];

export const FIXTURE_GLOSSARY: GlossaryEntry[] = [
  { term: 'db01', description: 'the primary orders database' },
  { term: 'Kraken', description: 'the billing pipeline' },
  { term: 'blue cluster', description: 'the European web servers' },
];

export const FIXTURE_TEMPLATE: TemplateSection[] = DEFAULT_TEMPLATE_SECTIONS;

const SENTENCES = [
  'The checkout service returned errors for a share of requests while the cache warmed up again.',
  'Alice Martin restarted db01 after the replication lag alarm fired at 09:14 UTC.',
  'Traffic was moved from web-prod-3 to the standby pool behind the load balancer.',
  'We saw timeouts from 10.20.30.40 and from api-gw-2a.internal during the deploy.',
  'The on-call engineer paged the database team, who confirmed the disk had filled up.',
  'Kraken kept retrying failed invoices, which doubled the load on the blue cluster.',
  'Customers in Europe saw slow page loads for about forty minutes; no data was lost.',
  'A configuration change raised the connection pool size beyond what the database allows.',
  'Bob said the rollback script needed a manual step that was not written down anywhere.',
  'Monitoring covered error rates but not queue depth, so the backlog grew unnoticed.',
];

type Json = Record<string, unknown>;

function paragraph(i: number): Json {
  const a = SENTENCES[i % SENTENCES.length]!;
  const b = SENTENCES[(i * 7 + 3) % SENTENCES.length]!;
  const content: Json[] = [{ type: 'text', text: `${a} ` }];
  if (i % 25 === 0)
    content.push({
      type: 'mention',
      attrs: {
        id: FIXTURE_PEOPLE[i % FIXTURE_PEOPLE.length]!.accountId,
        text: `@${FIXTURE_PEOPLE[i % FIXTURE_PEOPLE.length]!.displayName}`,
      },
    });
  content.push({ type: 'text', text: ` ${b}`, ...(i % 9 === 0 ? { marks: [{ type: 'strong' }] } : {}) });
  return { type: 'paragraph', content };
}

/**
 * A postmortem page body (the default template, every narrative section filled with prose that
 * names people, mentions them and names hosts) whose JSON is at least `sizeBytes` long.
 */
export function buildLargePostmortemDoc(sizeBytes: number): Json {
  const doc = JSON.parse(JSON.stringify(buildPostmortemDoc({ sections: FIXTURE_TEMPLATE }))) as { content: Json[] };
  const narrativeStarts = doc.content
    .map((n, i) => ({ n, i }))
    .filter(({ n }) => n.type === 'heading' && (n.attrs as Json | undefined)?.level === 2)
    .map(({ i }) => i);
  const extra: Json[][] = narrativeStarts.map(() => []);
  let size = JSON.stringify(doc).length;
  let i = 0;
  while (size < sizeBytes) {
    const p = paragraph(i);
    extra[i % extra.length]!.push(p);
    size += JSON.stringify(p).length + 1;
    i += 1;
  }
  // Insert each section's extra paragraphs right after its guidance panel (from the end, so indexes hold).
  for (let k = narrativeStarts.length - 1; k >= 0; k -= 1) doc.content.splice(narrativeStarts[k]! + 2, 0, ...extra[k]!);
  return doc as unknown as Json;
}
