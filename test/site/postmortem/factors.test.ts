/**
 * Contributing factors: a reviewed postmortem is tagged from the admins' taxonomy by someone who
 * may edit its page (checked as them), and JQL finds it by factor on the incident's `postmortem`
 * property (`postmortemFactor`, indexed from manifest.yml as Jira would), as whoever may browse it.
 */
import { PostmortemSite, U, type Answer, type LinkedOverview } from './support';

jest.setTimeout(60_000);

type Overview = LinkedOverview;

let site: PostmortemSite;
let pageId: string;

beforeAll(async () => {
  site = await PostmortemSite.start();
});
afterAll(async () => {
  await site?.stop();
});

const WRITTEN = (title: string) => `What we wrote for ${title}: the token service rejected valid sessions for 40 minutes.`;
const tag = (as: string, factors: unknown, on = pageId) =>
  site.macro<{ postmortem: { factors?: string[] } }>('tagFactors', as, on, { factors }) as Promise<
    Answer<{ postmortem: { factors?: string[] } }>
  >;
const overview = async (as: string) => {
  const r = await site.macro<Overview>('getOverview', as, pageId);
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.data!;
};

async function reviewedInc4(): Promise<void> {
  await site.reset();
  pageId = await site.createPostmortem(U.elena, 'INC-4', { spaceKey: 'PM' });
  await site.fillSections(pageId, U.elena, WRITTEN);
  expect((await site.macro('reviewAction', U.elena, pageId, { action: 'request-review' })).ok).toBe(true);
  expect((await site.macro('reviewAction', U.daniel, pageId, { action: 'mark-reviewed' })).ok).toBe(true);
}

describe('contributing factors', () => {
  beforeEach(reviewedInc4);

  test('an editor tags a reviewed postmortem; both records hold the factors in the taxonomy’s spelling and JQL finds it by factor', async () => {
    const seen = await overview(U.elena);
    expect(seen.link.actions.tagFactors).toBe(true);
    expect(seen.link.factorTaxonomy).toEqual(['change', 'capacity', 'dependency', 'detection', 'process']);

    const r = await tag(U.elena, ['Capacity', 'change', 'capacity']);
    expect(r).toMatchObject({ ok: true, data: { postmortem: { factors: ['change', 'capacity'] } } });
    expect(site.pageProperty(pageId)).toMatchObject({ status: 'reviewed', factors: ['change', 'capacity'] });
    expect(site.issueProperty('INC-4')).toMatchObject({ status: 'reviewed', factors: ['change', 'capacity'] });

    // INC-6 to INC-8: the demo seed's earlier postmortems, tagged (local/products/SEED.md)
    expect(await site.jqlKeys('postmortemFactor = "capacity"', U.priya)).toEqual(['INC-4', 'INC-6', 'INC-7']);
    expect(await site.jqlKeys('issue.property[postmortem].factors = "change"', U.hannah)).toEqual(['INC-4', 'INC-8']);
    expect(await site.jqlKeys('postmortemFactor = "dependency"', U.priya)).toEqual(['INC-7']);
    // Noah may not browse INC: the search shows him nothing
    expect(await site.jqlKeys('postmortemFactor = "capacity"', U.noah)).toEqual([]);

    // clearing them removes the tag from both sides
    expect(await tag(U.daniel, [])).toMatchObject({ ok: true });
    expect(site.issueProperty('INC-4')).not.toHaveProperty('factors');
    expect(await site.jqlKeys('postmortemFactor = "capacity"', U.priya)).toEqual(['INC-6', 'INC-7']);
  });

  test('someone who may only read the page is refused, and nothing is written', async () => {
    expect((await overview(U.hannah)).link.actions.tagFactors).toBe(false);
    const r = await tag(U.hannah, ['capacity']);
    expect(r).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(r.error!.message).toMatch(/permission to edit this page/);
    expect(site.issueProperty('INC-4')).not.toHaveProperty('factors');
    expect(site.pageProperty(pageId)).not.toHaveProperty('factors');
  });

  test('a factor outside the taxonomy is refused naming the list; a payload that is not a list of short names is refused', async () => {
    const r = await tag(U.elena, ['capacity', 'weather']);
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(r.error!.message).toMatch(
      /“weather” is not in the contributing factors your Jira admins keep \(change, capacity, dependency, detection, process\)/,
    );
    expect(site.issueProperty('INC-4')).not.toHaveProperty('factors');
    expect(await tag(U.elena, 'capacity')).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(await tag(U.elena, ['x'.repeat(41)])).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });

  test('the admins’ taxonomy is what may be tagged; a factor they remove stays on the postmortem until dropped', async () => {
    expect((await tag(U.elena, ['process'])).ok).toBe(true);
    site.setSettings({ confluence: { spaceKey: 'PM' }, contributingFactors: ['Third-party outage', 'change'] });
    expect((await overview(U.elena)).link.factorTaxonomy).toEqual(['Third-party outage', 'change']);
    const kept = await tag(U.elena, ['process', 'third-party OUTAGE']);
    expect(kept).toMatchObject({ ok: true, data: { postmortem: { factors: ['Third-party outage', 'process'] } } });
    expect(await site.jqlKeys('postmortemFactor = "Third-party outage"', U.priya)).toEqual(['INC-4']);
    // once dropped, a removed factor cannot come back
    expect((await tag(U.elena, ['change'])).ok).toBe(true);
    expect(await tag(U.elena, ['process'])).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });

  test('only a reviewed postmortem is tagged; a reopen keeps the factors for the next review', async () => {
    expect((await tag(U.elena, ['detection'])).ok).toBe(true);
    expect((await site.macro('reviewAction', U.elena, pageId, { action: 'reopen' })).ok).toBe(true);
    expect(site.issueProperty('INC-4')).toMatchObject({ status: 'draft', factors: ['detection'] });
    const r = await tag(U.elena, ['change']);
    expect(r).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(r.error!.message).toMatch(/once the postmortem is reviewed/);
    // the demo's INC-3 postmortem is in review: not yet
    expect(await tag(U.marcus, ['change'], site.demoPageId())).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });
});
