import { makeSite, U } from './site';

const W = '/wiki/api/v2';
const PAGE = '65537';
const SPACE = '98304';
const doc = (text: string) =>
  JSON.stringify({ type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] });

describe('Confluence pages and content properties', () => {
  it('returns the ADF body as a JSON string', async () => {
    const s = makeSite();
    const r = await s.conf('GET', `${W}/pages/${PAGE}?body-format=atlas_doc_format`);
    const body = r.json as { body: { atlas_doc_format: { value: string; representation: string } }; version: { number: number } };
    expect(body.body.atlas_doc_format.representation).toBe('atlas_doc_format');
    expect(JSON.parse(body.body.atlas_doc_format.value)).toMatchObject({
      type: 'doc',
      content: expect.arrayContaining([expect.objectContaining({ type: 'extension' })]),
    });
    expect(body.version.number).toBe(3);
  });

  it('creates pages, refuses a duplicate title in the space with 400', async () => {
    const s = makeSite();
    const create = (title: string) =>
      s.conf(
        'POST',
        `${W}/pages`,
        { spaceId: SPACE, title, body: { representation: 'atlas_doc_format', value: doc('hi') } },
        { as: U.marcus },
      );
    const r = await create('Postmortem: INC-4');
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ title: 'Postmortem: INC-4', spaceId: SPACE, authorId: U.marcus, version: { number: 1 } });
    const dup = await create('Postmortem: INC-4');
    expect(dup.status).toBe(400);
    expect(dup.json).toEqual({
      errors: [expect.objectContaining({ status: 400, title: expect.stringMatching(/already exists with the same TITLE/) })],
    });
    const outsider = await s.conf('POST', `${W}/pages`, { spaceId: SPACE, title: 'x' }, { as: U.noah });
    expect(outsider.status).toBe(404);
  });

  it('updates with version + 1 and answers 409 to a stale version', async () => {
    const s = makeSite();
    const put = (n: number, text: string) =>
      s.conf(
        'PUT',
        `${W}/pages/${PAGE}`,
        {
          id: PAGE,
          status: 'current',
          title: 'Postmortem: INC-3 Checkout failures (payment gateway connection pool)',
          body: { representation: 'atlas_doc_format', value: doc(text) },
          version: { number: n },
        },
        { as: U.sofia },
      );
    expect((await put(4, 'first')).status).toBe(200);
    const stale = await put(4, 'second');
    expect(stale.status).toBe(409);
    expect(stale.json).toEqual({ errors: [expect.objectContaining({ status: 409, code: 'CONFLICT' })] });
    const g = (await s.conf('GET', `${W}/pages/${PAGE}?body-format=atlas_doc_format`)).json as {
      body: { atlas_doc_format: { value: string } };
    };
    expect(g.body.atlas_doc_format.value).toBe(doc('first'));
    const hist = (await s.conf('GET', `/wiki/rest/api/content/${PAGE}/history`)).json as {
      contributors: { publishers: { userAccountIds: string[] } };
    };
    expect(hist.contributors.publishers.userAccountIds.sort()).toEqual([U.marcus, U.sofia].sort());
    const bad = await s.conf('PUT', `${W}/pages/${PAGE}`, undefined, { raw: 'not json' });
    expect(bad.status).toBe(400);
  });

  it('content properties: key filter, create, versioned update, 409 on stale, delete', async () => {
    const s = makeSite();
    const list = (await s.conf('GET', `${W}/pages/${PAGE}/properties?key=postmortem`)).json as {
      results: Array<{ id: string; value: { status: string }; version: { number: number } }>;
    };
    expect(list.results).toHaveLength(1);
    const prop = list.results[0];
    expect(prop?.value.status).toBe('in-review');
    const path = `${W}/pages/${PAGE}/properties/${prop?.id ?? ''}`;
    expect((await s.conf('PUT', path, { key: 'postmortem', value: { status: 'reviewed' }, version: { number: 2 } })).status).toBe(200);
    expect((await s.conf('PUT', path, { key: 'postmortem', value: { status: 'draft' }, version: { number: 2 } })).status).toBe(409);
    expect((await s.conf('GET', path)).json).toMatchObject({ value: { status: 'reviewed' }, version: { number: 2 } });
    expect((await s.conf('POST', `${W}/pages/${PAGE}/properties`, { key: 'postmortem', value: {} })).status).toBe(409);
    expect((await s.conf('DELETE', path)).status).toBe(204);
    expect((await s.conf('GET', `${W}/pages/${PAGE}/properties?key=postmortem`)).json).toMatchObject({ results: [] });
  });

  it('space membership decides visibility; the v1 permission check answers each user about themselves', async () => {
    const s = makeSite();
    expect((await s.conf('GET', `${W}/pages/${PAGE}`, undefined, { as: U.noah })).status).toBe(404);
    expect((await s.conf('GET', `${W}/spaces?keys=PM`, undefined, { as: U.noah })).json).toMatchObject({ results: [] });
    const check = (who: string) =>
      s.conf(
        'POST',
        `/rest/api/content/${PAGE}/permission/check`,
        { subject: { type: 'user', identifier: who }, operation: 'update' },
        { as: who },
      );
    expect((await check(U.noah)).status).toBe(404); // he may not see the page at all
    expect((await check(U.sofia)).json).toEqual({ hasPermission: true });
  });

  it("the v1 permission check about someone else (a user or a group) needs Confluence Administrator: 403 in Confluence's shape for anyone else and for the app", async () => {
    const s = makeSite();
    const check = (subject: { type: string; identifier: string }, as?: string) =>
      s.conf('POST', `/rest/api/content/${PAGE}/permission/check`, { subject, operation: 'update' }, as ? { as } : {});
    const refused = {
      statusCode: 403,
      data: { authorized: false, valid: true, errors: [], successful: false },
      message: expect.stringMatching(/Confluence Administrator/),
    };
    // Marcus (who may edit the page) asks about Sofia, and about a group; the app asks about Sofia.
    for (const r of [
      await check({ type: 'user', identifier: U.sofia }, U.marcus),
      await check({ type: 'group', identifier: 'postmortem-reviewers' }, U.marcus),
      await check({ type: 'user', identifier: U.sofia }),
    ]) {
      expect(r.status).toBe(403);
      expect(r.json).toEqual(refused);
    }
    // Priya, a site (so Confluence) administrator, may ask about others.
    const admin = await check({ type: 'user', identifier: U.sofia }, U.priya);
    expect(admin.status).toBe(200);
    expect(admin.json).toEqual({ hasPermission: true });
    expect((await check({ type: 'user', identifier: U.noah }, U.priya)).json).toEqual({ hasPermission: false });
  });

  it('labels: add through v1, read through v2', async () => {
    const s = makeSite();
    await s.conf('POST', `/wiki/rest/api/content/${PAGE}/label`, [{ prefix: 'global', name: 'Reviewed' }]);
    const r = (await s.conf('GET', `${W}/pages/${PAGE}/labels`)).json as { results: Array<{ name: string }> };
    expect(r.results.map((l) => l.name)).toEqual(['postmortem', 'payments', 'reviewed']);
  });
});

describe('Confluence readers who may not edit', () => {
  const body = (n: number) => ({
    id: PAGE,
    status: 'current',
    title: 'Postmortem: INC-3 Checkout failures (payment gateway connection pool)',
    body: { representation: 'atlas_doc_format', value: doc('overwritten') },
    version: { number: n },
  });

  it('lets a viewer read the page but refuses her edits with 403, and the permission check agrees', async () => {
    const s = makeSite();
    const read = await s.conf('GET', `${W}/pages/${PAGE}?body-format=atlas_doc_format`, undefined, { as: U.hannah });
    expect(read.status).toBe(200);
    const version = (read.json as { version: { number: number } }).version.number;
    const put = await s.conf('PUT', `${W}/pages/${PAGE}`, body(version + 1), { as: U.hannah });
    expect(put.status).toBe(403);
    const prop = await s.conf('POST', `${W}/pages/${PAGE}/properties`, { key: 'sneaky', value: { x: 1 } }, { as: U.hannah });
    expect(prop.status).toBe(403);
    const create = await s.conf(
      'POST',
      `${W}/pages`,
      { spaceId: SPACE, title: 'Hannah was here', body: { representation: 'atlas_doc_format', value: doc('x') } },
      { as: U.hannah },
    );
    expect(create.status).toBe(403);
    const after = await s.conf('GET', `${W}/pages/${PAGE}`, undefined, { as: U.marcus });
    expect((after.json as { version: { number: number } }).version.number).toBe(version);
    const check = (operation: string) =>
      s.conf(
        'POST',
        `/rest/api/content/${PAGE}/permission/check`,
        { subject: { type: 'user', identifier: U.hannah }, operation },
        { as: U.hannah },
      );
    expect((await check('read')).json).toEqual({ hasPermission: true });
    expect((await check('update')).json).toEqual({ hasPermission: false });
  });

  it("answers the space's permitted operations as the caller: a viewer may read it, a member also create pages; a stranger gets 404", async () => {
    const s = makeSite();
    const ops = async (as: string) => s.conf('GET', `${W}/spaces/${SPACE}/operations`, undefined, { as });
    expect((await ops(U.hannah)).json).toEqual({ operations: [{ operation: 'read', targetType: 'space' }] });
    const member = (await ops(U.marcus)).json as { operations: Array<{ operation: string; targetType: string }> };
    expect(member.operations).toContainEqual({ operation: 'create', targetType: 'page' });
    expect(member.operations).toContainEqual({ operation: 'read', targetType: 'space' });
    expect((await ops(U.noah)).status).toBe(404);
  });
});

describe('Confluence drafts (docs/platform.md, Confluence REST)', () => {
  const body = (text: string) => ({ representation: 'atlas_doc_format', value: doc(text) });

  it('a new page is a draft only its author sees until published; its id answers 404 on the published read', async () => {
    const s = makeSite();
    const created = await s.conf('POST', `${W}/pages`, { spaceId: SPACE, status: 'draft', body: body('started') }, { as: U.marcus });
    expect(created.status).toBe(200);
    const id = (created.json as { id: string }).id;
    expect(created.json).toMatchObject({ status: 'draft', title: '' });

    expect((await s.conf('GET', `${W}/pages/${id}`, undefined, { as: U.marcus })).status).toBe(404);
    const own = await s.conf('GET', `${W}/pages/${id}?get-draft=true&body-format=atlas_doc_format`, undefined, { as: U.marcus });
    expect(own.status).toBe(200);
    expect(own.json).toMatchObject({ id, status: 'draft', body: { atlas_doc_format: { value: doc('started') } } });
    expect((await s.conf('GET', `${W}/pages/${id}?status=draft`, undefined, { as: U.marcus })).status).toBe(200);
    // Another editor of the space, and the app, do not see someone's unpublished page.
    expect((await s.conf('GET', `${W}/pages/${id}?get-draft=true`, undefined, { as: U.sofia })).status).toBe(404);
    expect((await s.conf('GET', `${W}/pages/${id}?get-draft=true`)).status).toBe(404);
    const listed = (await s.conf('GET', `${W}/spaces/${SPACE}/pages`, undefined, { as: U.marcus })).json as {
      results: Array<{ id: string }>;
    };
    expect(listed.results.map((p) => p.id)).not.toContain(id);
    // Its author may keep content properties on it (the macro's link) and is its only editor.
    expect((await s.conf('POST', `${W}/pages/${id}/properties`, { key: 'postmortem', value: { a: 1 } }, { as: U.marcus })).status).toBe(
      200,
    );
    expect(
      (
        await s.conf(
          'POST',
          `/wiki/rest/api/content/${id}/permission/check`,
          { subject: { type: 'user', identifier: U.marcus }, operation: 'update' },
          { as: U.marcus },
        )
      ).json,
    ).toEqual({ hasPermission: true });
    expect(
      (
        await s.conf(
          'POST',
          `/wiki/rest/api/content/${id}/permission/check`,
          { subject: { type: 'user', identifier: U.sofia }, operation: 'update' },
          { as: U.sofia },
        )
      ).status,
    ).toBe(404); // another editor of the space does not even see it

    // Saving the draft takes version 1; publishing it makes version 1 of the page.
    const save = (status: string, n: number, title = 'Postmortem: INC-4') =>
      s.conf('PUT', `${W}/pages/${id}`, { id, status, title, body: body('written'), version: { number: n } }, { as: U.marcus });
    expect((await save('draft', 2)).status).toBe(400);
    expect((await save('draft', 1)).status).toBe(200);
    expect((await save('current', 2)).status).toBe(409);
    const published = await save('current', 1);
    expect(published.status).toBe(200);
    expect(published.json).toMatchObject({ status: 'current', title: 'Postmortem: INC-4', version: { number: 1 } });
    expect((await s.conf('GET', `${W}/pages/${id}`, undefined, { as: U.sofia })).json).toMatchObject({ id, status: 'current' });
  });

  it('a published page being edited has a draft: get-draft=true answers it, the published versions stay as they are', async () => {
    const s = makeSite();
    expect((await s.conf('GET', `${W}/pages/${PAGE}?get-draft=true`, undefined, { as: U.sofia })).status).toBe(404);
    const saved = await s.conf(
      'PUT',
      `${W}/pages/${PAGE}`,
      { id: PAGE, status: 'draft', title: 'Postmortem: INC-3 (editing)', body: body('half-written'), version: { number: 1 } },
      { as: U.sofia },
    );
    expect(saved.status).toBe(200);
    const draft = await s.conf('GET', `${W}/pages/${PAGE}?get-draft=true&body-format=atlas_doc_format`, undefined, { as: U.marcus });
    expect(draft.json).toMatchObject({
      id: PAGE,
      status: 'draft',
      title: 'Postmortem: INC-3 (editing)',
      version: { authorId: U.sofia },
      body: { atlas_doc_format: { value: doc('half-written') } },
    });
    const current = (await s.conf('GET', `${W}/pages/${PAGE}?body-format=atlas_doc_format`, undefined, { as: U.marcus })).json as {
      status: string;
      version: { number: number };
      body: { atlas_doc_format: { value: string } };
    };
    expect(current).toMatchObject({ status: 'current', version: { number: 3 } });
    expect(current.body.atlas_doc_format.value).not.toBe(doc('half-written'));
    // A reader who may not edit does not see the unpublished changes.
    expect((await s.conf('GET', `${W}/pages/${PAGE}?get-draft=true`, undefined, { as: U.hannah })).status).toBe(404);
    // Discarding the draft.
    expect((await s.conf('DELETE', `${W}/pages/${PAGE}?draft=true`, undefined, { as: U.sofia })).status).toBe(204);
    expect((await s.conf('GET', `${W}/pages/${PAGE}?get-draft=true`, undefined, { as: U.sofia })).status).toBe(404);
  });
});

describe('Confluence web links (docs/platform.md, Confluence REST)', () => {
  it('hands out the site’s own address and the real space key', async () => {
    const s = makeSite();
    s.products.setBaseUrl('http://127.0.0.1:8787/');
    const page = (await s.conf('GET', `${W}/pages/${PAGE}`, undefined, { as: U.marcus })).json as {
      title: string;
      _links: { webui: string; base: string };
    };
    expect(page._links.base).toBe('http://127.0.0.1:8787/wiki');
    expect(page._links.webui).toMatch(new RegExp(`^/spaces/PM/pages/${PAGE}/Postmortem%3A\\+INC-3\\+`));
    const listed = (await s.conf('GET', `${W}/pages?limit=1`, undefined, { as: U.marcus })).json as { _links: { base: string } };
    expect(listed._links.base).toBe('http://127.0.0.1:8787/wiki');
    const space = (await s.conf('GET', `${W}/spaces/${SPACE}`, undefined, { as: U.marcus })).json as {
      _links: { webui: string; base: string };
    };
    expect(space._links).toEqual({ webui: '/spaces/PM', base: 'http://127.0.0.1:8787/wiki' });
  });
});

describe('Confluence paging (docs/platform.md, Confluence REST)', () => {
  it('answers at most 250 results a page and refuses a larger limit with 400, as v2 documents', async () => {
    const s = makeSite();
    expect((await s.conf('GET', `${W}/spaces?limit=250`)).status).toBe(200);
    const refused = await s.conf('GET', `${W}/spaces?limit=251`);
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.json)).toContain('1 to 250');
  });
});

describe('Confluence pages moved, trashed, and an app kept out of a space (docs/platform.md, Confluence REST)', () => {
  const create = (s: ReturnType<typeof makeSite>, title: string, extra: Record<string, unknown> = {}, as?: string) =>
    s.conf(
      'POST',
      `${W}/pages`,
      { spaceId: SPACE, title, body: { representation: 'atlas_doc_format', value: doc('x') }, ...extra },
      { as },
    );
  const put = (s: ReturnType<typeof makeSite>, id: string, n: number, extra: Record<string, unknown> = {}) =>
    s.conf('PUT', `${W}/pages/${id}`, {
      id,
      status: 'current',
      title: 'Agenda',
      body: { representation: 'atlas_doc_format', value: doc('y') },
      version: { number: n },
      ...extra,
    });

  it('keeps a page and its new parent in one space, and never under itself', async () => {
    const s = makeSite();
    const a = (await create(s, 'Agenda')).json as { id: string; parentId: string };
    const b = (await create(s, 'Below the agenda', { parentId: a.id })).json as { id: string };
    expect((await create(s, 'Nowhere', { parentId: '999999' })).status).toBe(400);
    expect((await put(s, a.id, 2, { parentId: b.id })).status).toBe(400);
    expect((await put(s, a.id, 2, { parentId: a.id })).status).toBe(400);
    expect((await put(s, a.id, 2, { spaceId: '1' })).status).toBe(400);
    const moved = await put(s, a.id, 2, { parentId: PAGE });
    expect(moved.status).toBe(200);
    expect(moved.json).toMatchObject({ parentId: PAGE, version: { number: 2 } });
  });

  it('sends a deleted page to the trash: reads answer 404, its title is free, purge removes it', async () => {
    const s = makeSite();
    const a = (await create(s, 'Agenda')).json as { id: string };
    expect((await s.conf('DELETE', `${W}/pages/${a.id}`, undefined, { as: U.hannah })).status).toBe(403);
    expect((await s.conf('DELETE', `${W}/pages/${a.id}`, undefined, { as: U.marcus })).status).toBe(204);
    expect((await s.conf('GET', `${W}/pages/${a.id}`)).status).toBe(404);
    expect((await s.conf('GET', `${W}/pages/${a.id}?status=trashed`)).json).toMatchObject({ id: a.id, status: 'trashed' });
    expect((await s.conf('GET', `${W}/pages/${a.id}/properties`)).status).toBe(404);
    expect((await put(s, a.id, 2)).status).toBe(404);
    const listed = (await s.conf('GET', `${W}/spaces/${SPACE}/pages?title=Agenda`)).json as { results: unknown[] };
    expect(listed.results).toEqual([]);
    const again = await create(s, 'Agenda');
    expect(again.status).toBe(200);
    expect((again.json as { id: string }).id).not.toBe(a.id);
    expect((await s.conf('DELETE', `${W}/pages/${a.id}?purge=true`)).status).toBe(204);
    expect((await s.conf('GET', `${W}/pages/${a.id}?status=trashed`)).status).toBe(404);
  });

  it('an app access rule on the space hides its pages from the app and refuses the app’s new pages; people are not affected', async () => {
    const s = makeSite();
    const space = s.products.db.space(SPACE)!;
    s.products.db.putSpace({ ...structuredClone(space), appAccessBlocked: true });
    expect((await s.conf('GET', `${W}/pages/${PAGE}`)).status).toBe(404);
    expect(((await s.conf('GET', `${W}/spaces/${SPACE}/pages`)).json as { results: unknown[] }).results).toEqual([]);
    expect(((await s.conf('GET', `${W}/pages?id=${PAGE}`)).json as { results: unknown[] }).results).toEqual([]);
    expect((await create(s, 'Agenda')).status).toBe(404);
    expect((await s.conf('GET', `${W}/spaces?keys=PM`)).json).toMatchObject({ results: [expect.objectContaining({ id: SPACE })] });
    expect((await s.conf('GET', `${W}/pages/${PAGE}`, undefined, { as: U.marcus })).status).toBe(200);
    expect((await create(s, 'Agenda', {}, U.marcus)).status).toBe(200);
  });
});
