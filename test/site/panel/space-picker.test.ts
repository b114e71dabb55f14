/**
 * The create flow's space picker (README, "Create a postmortem"): with no space in the settings,
 * "Create postmortem" offers the Confluence spaces the person may create pages in, asked of
 * Confluence as that person (`GET /wiki/api/v2/spaces/{id}/operations`, docs/platform.md). The demo
 * seed has PM (Hannah only reads it) and ENG (only Priya, Grace, Marcus and Aiko create there).
 * Creating in a space the person may not create in is refused by Confluence, as on the real one.
 */
import type { CreatePostmortemResult, ListCreatableSpacesResult } from '../../../src/contracts/panel-postmortem';
import { PostmortemSite, U } from '../postmortem/support';

jest.setTimeout(60_000);

let site: PostmortemSite;
beforeAll(async () => {
  site = await PostmortemSite.start();
});
afterAll(async () => {
  await site?.stop();
});
beforeEach(async () => {
  await site.reset();
});

const spacesFor = (who: string) => site.panel<ListCreatableSpacesResult>('listCreatableSpaces', who, 'INC-4', {});

test('with a space in the settings, pages go there: nothing to pick, nothing asked of Confluence', async () => {
  const since = (await site.requests()).at(-1)?.seq ?? 0;
  const r = await spacesFor(U.sofia);
  expect(r.data).toEqual({ configuredSpaceKey: 'PM', spaces: [], more: false });
  expect((await site.requests(since)).filter((c) => c.target === 'confluence')).toEqual([]);
});

test('with none, each person is offered only the spaces Confluence lets them create pages in', async () => {
  site.setSettings({});
  const keys = async (who: string) => (await spacesFor(who)).data?.spaces.map((s) => s.key);
  expect(await keys(U.grace)).toEqual(['ENG', 'PM']);
  expect(await keys(U.sofia)).toEqual(['PM']); // reads ENG, may not create there
  expect(await keys(U.hannah)).toEqual([]); // reads PM and ENG, creates in neither
  expect((await spacesFor(U.grace)).data).toMatchObject({
    configuredSpaceKey: null,
    spaces: [
      { key: 'ENG', name: 'Engineering handbook' },
      { key: 'PM', name: 'Postmortems' },
    ],
    more: false,
  });
  // Asked as the person: the spaces they see, then each one's operations.
  const since = (await site.requests()).at(-1)?.seq ?? 0;
  await spacesFor(U.sofia);
  const asked = (await site.requests(since)).filter((c) => c.target === 'confluence');
  expect(asked.every((c) => c.actor === 'user' && c.method === 'GET')).toBe(true);
  expect(asked.filter((c) => /\/wiki\/api\/v2\/spaces\/\d+\/operations$/.test(c.path))).toHaveLength(2);
});

test('creating in a space the person may not create in is refused by Confluence; in one they may, the page is made there', async () => {
  site.setSettings({});
  const refused = await site.panel<CreatePostmortemResult>('createPostmortem', U.sofia, 'INC-4', { spaceKey: 'ENG' });
  expect(refused.ok).toBe(false);
  expect(refused.error?.code).toBe('forbidden');
  expect(refused.error?.message).toContain('You do not have permission to create pages in the Confluence space ENG');
  expect(site.db.pages().filter((p) => p.title.startsWith('Postmortem: INC-4'))).toEqual([]);
  const creates = (await site.requests()).filter(
    (c) => c.target === 'confluence' && c.method === 'POST' && c.path === '/wiki/api/v2/pages',
  );
  expect(creates.at(-1)).toMatchObject({ status: 403, actor: 'user' });

  const made = await site.panel<CreatePostmortemResult>('createPostmortem', U.grace, 'INC-4', { spaceKey: 'ENG' });
  expect(made.ok).toBe(true);
  const page = site.db.pages().find((p) => p.id === made.data?.page.pageId);
  expect(site.db.space(page?.spaceId ?? '')?.key).toBe('ENG');
});
