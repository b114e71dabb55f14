/**
 * Every resolver fed malformed and hostile payloads (README, "Reliability"): wrong types, 1 MB strings, unknown
 * fields, prototype-pollution keys and ids of objects this site does not have. The caller is Priya
 * Raman (Jira admin, member of every project and of space PM), so that the payload, not a missing
 * permission, is what must stop the call. Each gets a clear error, and nothing is written (no
 * product or storage write in the request log since before the call).
 */
import { allResolvers, samples, SecuritySite, U, writes, type ResolverRef, type Sample, type Where } from './support';

const MB = 'x'.repeat(1024 * 1024);
const OTHER_SITE: Record<string, unknown> = {
  incidentKey: 'ZZZ-1',
  issueKey: 'ZZZ-1',
  projectKey: 'ZZZ',
  spaceKey: 'ZZZ',
  projectKeys: ['ZZZ'],
  pageId: '9999999',
};

interface Variant {
  label: string;
  payload?: unknown;
  raw?: string;
  where?: Where;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The hostile variants of one resolver's valid sample. */
function variants(sample: Sample): Variant[] {
  const base = isRecord(sample.payload) ? sample.payload : {};
  const out: Variant[] = [
    { label: 'a string instead of an object', payload: 'payload' },
    { label: 'a number instead of an object', payload: 42 },
    { label: 'an array instead of an object', payload: [base] },
    { label: 'an unknown field', payload: { ...base, isAdmin: true } },
    {
      label: 'an own __proto__ key',
      raw: JSON.stringify(base).replace(/^\{/, '{"__proto__":{"isAdmin":true,"polluted":"yes"}' + (Object.keys(base).length ? ',' : '')),
    },
    { label: 'a constructor.prototype key', payload: { ...base, constructor: { prototype: { polluted: 'yes' } } } },
    { label: 'a 1 MB unknown field', payload: { ...base, junk: MB } },
  ];
  for (const [key, value] of Object.entries(base)) {
    out.push({ label: `${key} of the wrong type (object)`, payload: { ...base, [key]: { $ne: null } } });
    out.push({ label: `${key} of the wrong type (number)`, payload: { ...base, [key]: 12345 } });
    if (typeof value === 'string') out.push({ label: `${key} as a 1 MB string`, payload: { ...base, [key]: MB } });
    if (Array.isArray(value) && value.length && isRecord(value[0])) {
      for (const inner of Object.keys(value[0])) {
        out.push({ label: `${key}[0].${inner} as a 1 MB string`, payload: { ...base, [key]: [{ ...value[0], [inner]: MB }] } });
      }
    }
    if (key in OTHER_SITE) out.push({ label: `${key} of another site`, payload: { ...base, [key]: OTHER_SITE[key] } });
  }
  if (sample.where.kind === 'macro') {
    out.push({
      label: 'a page of another site in the context',
      payload: base,
      where: { kind: 'macro', pageId: '9999999', config: { incidentKey: 'ZZZ-1' } },
    });
  }
  if (sample.where.kind === 'panel')
    out.push({ label: 'an issue of another site in the context', payload: base, where: { kind: 'panel', issueKey: 'ZZZ-1' } });
  return out;
}

/** Resolvers that only read or search: a hostile id or text may give an empty answer instead of an error. */
const READS = new Set([
  'macro.searchIncidents',
  'panel.searchPages',
  'panel.listCreatableSpaces',
  'admin.searchUsers',
  'admin.searchProjects',
  'admin.getOverview',
  'report.getReport',
  'report.getSection',
  'report.exportCsv',
  'report.getAssigneeGroups',
  'macro.getOverview',
  'panel.getOverview',
  'macro.listActionItems',
  'macro.findAssignees',
  'agenda.getAgenda',
]);

const TAMPERED_CONFIGS: Array<[string, unknown]> = [
  [
    'a 1 MB key and an own __proto__',
    JSON.parse(`{"__proto__":{"polluted":"yes"},"incidentKey":"${'A'.repeat(1000)}-1","x":"${MB}"}`) as unknown,
  ],
  ['an incident of another site', { incidentKey: 'ZZZ-1' }],
  ['a number', { incidentKey: 12345 }],
  ['a JQL fragment', { incidentKey: 'INC-3" OR project = PAY' }],
];

describe('hostile payloads: a clear error and nothing written', () => {
  let site: SecuritySite;
  let table: Record<string, Sample> = {};

  beforeAll(async () => {
    site = await SecuritySite.start();
    table = samples(site, await site.reset());
  });
  afterAll(async () => {
    await site.stop();
  });
  afterEach(() => {
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });

  test.each(allResolvers().map((r) => [r.name, r] as [string, ResolverRef]))('%s', async (name, ref) => {
    const sample = table[name];
    if (!sample) throw new Error(`no sample for ${name}: add one to test/security/support.ts samples()`);
    const failures: string[] = [];
    for (const v of variants(sample)) {
      const before = await site.lastSeq();
      const r = await site.invoke(ref, U.priya, v.payload, v.where ?? sample.where, v.raw);
      const written = writes(await site.requests(before)).map((c) => `${c.method} ${c.path}`);
      if (written.length) failures.push(`${v.label}: wrote ${written.join(', ')}`);
      if (r.status === 413) continue; // the site refused a body over its limit before the app saw it
      const a = r.answer;
      if (!a) {
        failures.push(`${v.label}: no answer (${r.status} ${JSON.stringify(r.body).slice(0, 200)})`);
        continue;
      }
      if (a.ok) {
        const readOnly =
          READS.has(name) && /of another site|1 MB string/.test(v.label) && !/unknown|proto|constructor|wrong type/.test(v.label);
        if (!readOnly) failures.push(`${v.label}: accepted (${JSON.stringify(a).slice(0, 200)})`);
      } else {
        if (!a.error?.message || a.error.message.length < 10) failures.push(`${v.label}: no clear message (${JSON.stringify(a.error)})`);
        if (a.error?.code === 'internal') failures.push(`${v.label}: internal error instead of a clear refusal (${a.error.message})`);
        if (a.error && JSON.stringify(a.error).length > 20_000) failures.push(`${v.label}: the error echoes the huge input back`);
      }
    }
    expect(failures).toEqual([]);
  });
});

/**
 * The macro's config lives in the page's ADF, editable by anyone who edits the page: untrusted.
 * A tampered config never breaks a call (no internal error), never pollutes a prototype, and the app
 * never acts on the incident it names: what a call writes follows the payload and the page's
 * `postmortem` property, never the config.
 */
describe('tampered macro config', () => {
  let site: SecuritySite;
  let table: Record<string, Sample> = {};

  beforeAll(async () => {
    site = await SecuritySite.start();
  });
  afterAll(async () => {
    await site.stop();
  });

  // Every macro's resolver: the Postmortem macro's and the agenda's (which has no config and must ignore one).
  const macro = allResolvers().filter((r) => r.functionKey === 'macro-resolver' || r.functionKey === 'agenda-resolver');
  test.each(TAMPERED_CONFIGS)('config with %s', async (_label, config) => {
    table = samples(site, await site.reset());
    const failures: string[] = [];
    for (const ref of macro) {
      const sample = table[ref.name];
      if (!sample || sample.where.kind !== 'macro') throw new Error(`no macro sample for ${ref.name}`);
      const before = await site.lastSeq();
      const r = await site.invoke(ref, U.priya, sample.payload, { ...sample.where, config });
      const calls = await site.requests(before);
      const touched = calls.filter((c) => /AAAA|ZZZ|12345|SECRET|%22/.test(c.path)).map((c) => `${c.method} ${c.path}`);
      if (touched.length) failures.push(`${ref.name}: called ${touched.join(', ')}`);
      if (!r.answer) failures.push(`${ref.name}: no answer (${r.status})`);
      else if (!r.answer.ok && r.answer.error?.code === 'internal') failures.push(`${ref.name}: internal error`);
      if (JSON.stringify(r.body).length > 200_000) failures.push(`${ref.name}: echoes the huge config`);
      await site.reset();
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(failures).toEqual([]);
  });
});
