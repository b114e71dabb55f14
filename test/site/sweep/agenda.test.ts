/**
 * The weekly review agenda page, through the local site from the demo seed (README, "The sweep's
 * policy"; src/usecases/agenda/write-agenda-page.ts): on the agenda weekday (Monday by default),
 * in the first hourly run from the send hour that does not start the sweep, ONE page appears under
 * the postmortems' parent page holding only the agenda macro; the same week nothing more happens;
 * the next week the same page is retitled as its next version; a deleted page is created again; a
 * page of someone's with the week's title is not overwritten; a failing Confluence fails neither
 * the trigger nor the sweep, and the next hour tries again.
 */
import { APP_UUID, DEMO, DEMO_PM_HOME_PAGE_ID } from '../../../local/products/seeds/demo';
import type { LocalProducts } from '../../../local/products';
import { AGENDA_INTRO, agendaTitle, buildAgendaDoc, buildAgendaMacro, isAgendaOnly, isoWeekday } from '../../../src/domain/agenda';
import { addDays } from '../../../src/domain/dates';
import { startSweepSite, type SweepSite } from './support/site';

const MARCUS = DEMO.users.marcus.accountId;

describe('the weekly agenda page', () => {
  let site: SweepSite;
  let seedToday = '';
  beforeAll(async () => {
    site = await startSweepSite();
  });
  afterAll(async () => {
    await site.stop();
  });
  beforeEach(async () => {
    seedToday = await site.resetSeedToday();
  });

  const products = () => site.running.site.products as LocalProducts;
  const kvs = () => site.running.site.runtime.kvs;
  const outcome = () =>
    site.stored('agenda:last') as { status: string; message: string; week: string; page?: { id: string; title: string; url: string } };
  const agendaPages = () =>
    products()
      .db.pages()
      .filter((p) => p.status === 'current' && p.title.startsWith('Postmortem review, week of'));
  const pmSpaceId = () =>
    products()
      .db.pages()
      .find((p) => p.id === DEMO_PM_HOME_PAGE_ID)!.spaceId;
  /** The first Monday after the seed's today. */
  const monday = (week: number) => addDays(seedToday, 8 - isoWeekday(seedToday) + 7 * week);
  const result = (r: { json: unknown }) => (r.json as { result: { status: string; reason?: string } }).result;
  async function confluenceCalls(since: number): Promise<string[]> {
    return (await site.requests(since)).filter((c) => c.target === 'confluence').map((c) => `${c.method} ${c.path.split('?')[0]}`);
  }
  const lastSeq = async () => (await site.requests()).at(-1)?.seq ?? 0;
  /** The day's sweep at 09:00 (the send hour), then the hour that writes the agenda. */
  async function agendaHour(day: string, hour = '10'): Promise<{ status: string; reason?: string }> {
    await site.setClock(`${day}T09:00:00.000Z`);
    expect(result(await site.sweep()).status).toBe('started');
    await site.setClock(`${day}T${hour}:00:00.000Z`);
    return result(await site.sweep());
  }
  /** The settings page's overview, as Priya (a Jira admin) opens it. */
  async function adminOverview(): Promise<{ agenda: unknown }> {
    const res = await fetch(`${site.running.url}/__host/invoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: `local_site_user=${encodeURIComponent(DEMO.users.priya.accountId)}` },
      body: JSON.stringify({
        moduleKey: 'postmortem-settings',
        localId: 'postmortem-settings-page',
        target: { type: 'jira:adminPage' },
        resolver: 'admin.getOverview',
        payload: {},
      }),
    });
    return ((await res.json()) as { result: { data: { agenda: unknown } } }).result.data;
  }
  function personCall(method: string, path: string, body?: unknown) {
    return products().handle({
      product: 'confluence',
      method,
      path,
      headers: {},
      body: body === undefined ? undefined : JSON.stringify(body),
      actor: { kind: 'user', accountId: MARCUS },
    });
  }

  test('appears under the parent with only the macro, once a week, and is updated in place the next week', async () => {
    const w0 = monday(0);
    expect((await adminOverview()).agenda).toBeNull();
    await site.setClock(`${w0}T09:00:00.000Z`);
    let seq = await lastSeq();
    expect(result(await site.sweep()).status).toBe('started');
    // The hour that starts the sweep leaves the agenda to a later hour.
    expect(agendaPages()).toEqual([]);
    expect(await confluenceCalls(seq)).toEqual([]);

    seq = await lastSeq();
    await site.setClock(`${w0}T10:00:00.000Z`);
    expect(result(await site.sweep())).toEqual({ status: 'skipped', reason: "Today's sweep has run and sent everything that was due." });
    expect(await confluenceCalls(seq)).toEqual(['GET /wiki/api/v2/spaces', 'POST /wiki/api/v2/pages']);
    const [page] = agendaPages();
    expect(agendaPages()).toHaveLength(1);
    expect(page).toMatchObject({
      title: agendaTitle(w0),
      parentId: DEMO_PM_HOME_PAGE_ID,
      spaceId: pmSpaceId(),
      authorId: '557058:forge-app-postmortems',
    });
    expect(page!.versions).toHaveLength(1);
    const adf = JSON.parse(page!.adf) as { content: Array<{ type: string; content?: Array<{ text?: string }> }> };
    expect(isAgendaOnly(adf, APP_UUID)).toBe(true);
    expect(adf.content.map((n) => n.type)).toEqual(['paragraph', 'extension']);
    expect(adf.content[0]!.content![0]!.text).toBe(AGENDA_INTRO);
    expect(page!.adf).not.toMatch(/INC-|PAY-|PLAT-|Marcus|Grace|Priya/);
    expect(site.stored('agenda:page')).toEqual({ pageId: page!.id, spaceId: pmSpaceId() });
    expect(site.stored(`agenda:week:${w0}`)).toMatchObject({ pageId: page!.id });
    expect(outcome()).toMatchObject({ status: 'created', week: w0, page: { id: page!.id, title: agendaTitle(w0) } });
    expect(outcome().page!.url).toMatch(new RegExp(`/wiki/spaces/PM/pages/${page!.id}$`));
    // The settings page shows it by the agenda weekday.
    expect((await adminOverview()).agenda).toEqual(outcome());
    // The page view opens from that link.
    expect((await site.call('GET', new URL(outcome().page!.url).pathname)).status).toBe(200);

    // The rest of the week: nothing more.
    seq = await lastSeq();
    for (const at of [`${w0}T11:00:00.000Z`, `${w0}T23:00:00.000Z`, `${addDays(w0, 3)}T10:00:00.000Z`, `${addDays(w0, 3)}T11:00:00.000Z`]) {
      await site.setClock(at);
      await site.sweep();
    }
    // Only the Thursday sweep's own reads of postmortem pages; the agenda asks nothing.
    expect((await confluenceCalls(seq)).filter((c) => c.startsWith('GET /wiki/api/v2/spaces') || !c.startsWith('GET '))).toEqual([]);
    expect(agendaPages()).toHaveLength(1);
    expect(products().db.page(page!.id)!.versions).toHaveLength(1);

    // The next week: the same page, retitled, its next version.
    const w1 = monday(1);
    expect(await agendaHour(addDays(w1, -1))).toMatchObject({ status: 'skipped' }); // Sunday of week 0: written already
    expect(products().db.page(page!.id)!.title).toBe(agendaTitle(w0));
    seq = await lastSeq();
    await agendaHour(w1);
    const calls = await confluenceCalls(seq);
    expect(calls).toEqual(
      expect.arrayContaining(['GET /wiki/api/v2/spaces', `GET /wiki/api/v2/pages/${page!.id}`, `PUT /wiki/api/v2/pages/${page!.id}`]),
    );
    expect(calls.filter((c) => c.startsWith('POST'))).toEqual([]);
    const updated = products().db.page(page!.id)!;
    expect(agendaPages()).toEqual([updated]);
    expect(updated.title).toBe(agendaTitle(w1));
    expect(updated.versions.map((v) => v.number)).toEqual([1, 2]);
    expect(updated.parentId).toBe(DEMO_PM_HOME_PAGE_ID);
    expect(isAgendaOnly(JSON.parse(updated.adf), APP_UUID)).toBe(true);
    expect(outcome()).toMatchObject({ status: 'updated', week: w1, page: { id: page!.id, title: agendaTitle(w1) } });
  });

  test('a deleted page is created again; a page of someone’s with the week’s title is left alone, one holding only the agenda is taken over', async () => {
    const w0 = monday(0);
    await agendaHour(w0);
    const first = agendaPages()[0]!;
    expect((await personCall('DELETE', `/wiki/api/v2/pages/${first.id}`)).status).toBe(204);

    const w1 = monday(1);
    await agendaHour(w1);
    const second = agendaPages()[0]!;
    expect(agendaPages()).toHaveLength(1);
    expect(second.id).not.toBe(first.id);
    expect(second).toMatchObject({ title: agendaTitle(w1), parentId: DEMO_PM_HOME_PAGE_ID });
    expect(outcome()).toMatchObject({ status: 'created', page: { id: second.id } });
    expect(site.stored('agenda:page')).toMatchObject({ pageId: second.id });

    // Week 2: the agenda page is gone again and Marcus has a page with the week's title.
    expect((await personCall('DELETE', `/wiki/api/v2/pages/${second.id}`)).status).toBe(204);
    const w2 = monday(2);
    const notes = {
      type: 'doc',
      version: 1,
      content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Marcus’s own notes for the review' }] }],
    };
    const mine = await personCall('POST', '/wiki/api/v2/pages', {
      spaceId: pmSpaceId(),
      title: agendaTitle(w2),
      body: { representation: 'atlas_doc_format', value: JSON.stringify(notes) },
    });
    expect(mine.status).toBe(200);
    const minePage = JSON.parse(mine.body) as { id: string };
    await agendaHour(w2);
    expect(outcome()).toMatchObject({ status: 'failed', week: w2 });
    expect(outcome().message).toContain(`A page titled "${agendaTitle(w2)}" already exists in space PM (page ${minePage.id})`);
    expect(outcome().message).toMatch(/does not overwrite it/);
    const untouched = products().db.page(minePage.id)!;
    expect(untouched.versions).toHaveLength(1);
    expect(JSON.parse(untouched.adf)).toEqual(notes);
    expect(untouched.authorId).toBe(MARCUS);
    expect(site.stored(`agenda:week:${w2}`)).toBeUndefined();

    // Marcus makes his page nothing but the agenda macro: the next hour takes it over.
    const onlyAgenda = buildAgendaDoc(buildAgendaMacro({ appId: APP_UUID, environmentId: 'local-development' }, 'from-marcus'));
    expect(
      (
        await personCall('PUT', `/wiki/api/v2/pages/${minePage.id}`, {
          id: minePage.id,
          status: 'current',
          title: agendaTitle(w2),
          body: { representation: 'atlas_doc_format', value: JSON.stringify(onlyAgenda) },
          version: { number: 2 },
        })
      ).status,
    ).toBe(200);
    await site.setClock(`${w2}T11:00:00.000Z`);
    await site.sweep();
    expect(outcome()).toMatchObject({ status: 'adopted', page: { id: minePage.id } });
    expect(site.stored('agenda:page')).toMatchObject({ pageId: minePage.id });
    expect(site.stored(`agenda:week:${w2}`)).toMatchObject({ pageId: minePage.id });
  });

  test('a failing Confluence, or a version conflict, fails neither the trigger nor the sweep; the next hour writes the page', async () => {
    const w0 = monday(0);
    await site.faults([
      { target: 'confluence', method: 'GET', pathPattern: 're:^/wiki/api/v2/spaces', status: 503 },
      { target: 'confluence', method: 'POST', pathPattern: '/wiki/api/v2/pages', status: 500 },
    ]);
    expect(await agendaHour(w0)).toEqual({ status: 'skipped', reason: "Today's sweep has run and sent everything that was due." });
    expect(agendaPages()).toEqual([]);
    expect(outcome()).toMatchObject({ status: 'failed', week: w0 });
    expect(outcome().message).toMatch(/^Confluence could not be reached .*The app tries again within the hour\.$/);
    expect((await adminOverview()).agenda).toMatchObject({ status: 'failed', message: outcome().message });
    expect(site.stored(`agenda:week:${w0}`)).toBeUndefined();
    const runs = site.stored('sweep-runs:index') as string[];
    expect(site.stored(`sweep-run:${runs[0]}`)).toMatchObject({ status: 'completed', today: w0 });

    await site.faults([]);
    await site.setClock(`${w0}T11:00:00.000Z`);
    await site.sweep();
    expect(agendaPages()).toHaveLength(1);
    expect(outcome()).toMatchObject({ status: 'created', week: w0 });
    // The next week someone saves the page while the app updates it (409): recorded, tried again the next hour.
    const w1 = monday(1);
    const id = agendaPages()[0]!.id;
    await site.faults([{ target: 'confluence', method: 'PUT', pathPattern: `/wiki/api/v2/pages/${id}`, status: 409, count: 1 }]);
    await agendaHour(w1);
    expect(outcome()).toMatchObject({ status: 'failed', week: w1 });
    expect(outcome().message).toBe(
      `Someone saved the agenda page (${id}) while the app was updating it. The app tries again within the hour.`,
    );
    expect(products().db.page(id)!.title).toBe(agendaTitle(w0));
    await site.setClock(`${w1}T11:00:00.000Z`);
    await site.sweep();
    expect(outcome()).toMatchObject({ status: 'updated', week: w1, page: { id } });
    expect(
      products()
        .db.page(id)!
        .versions.map((v) => v.number),
    ).toEqual([1, 2]);
    // The next day's sweep runs as every day.
    await site.setClock(`${addDays(w1, 1)}T09:00:00.000Z`);
    expect(result(await site.sweep()).status).toBe('started');
  });

  test('with no parent page set, or Confluence not connected, it writes nothing and says why; the app may be kept out of the space', async () => {
    const settings = site.stored('settings:v1') as { confluence: Record<string, unknown> };
    kvs().handle('/api/v1/set', JSON.stringify({ key: 'settings:v1', value: { ...settings, confluence: { spaceKey: 'PM' } } }));
    const w0 = monday(0);
    await site.setClock(`${w0}T09:00:00.000Z`);
    await site.sweep();
    const seq = await lastSeq();
    await site.setClock(`${w0}T10:00:00.000Z`);
    await site.sweep();
    expect(await confluenceCalls(seq)).toEqual([]);
    expect(outcome()).toMatchObject({ status: 'skipped', week: w0 });
    expect(outcome().message).toMatch(/No Confluence space and parent page are set/);

    kvs().handle('/api/v1/set', JSON.stringify({ key: 'settings:v1', value: settings }));
    // Confluence not connected to the app (docs/decisions/0008): refused as the app, skipped with the reason.
    await site.faults([{ target: 'confluence', pathPattern: 're:^/wiki/', status: 401 }]);
    await site.setClock(`${w0}T10:30:00.000Z`);
    await site.sweep();
    expect(outcome()).toMatchObject({ status: 'skipped', week: w0 });
    expect(outcome().message).toMatch(/^Confluence refused the app \(401\): it is probably not connected to this app yet/);
    await site.faults([]);

    const space = products().db.space(pmSpaceId())!;
    products().db.putSpace({ ...structuredClone(space), appAccessBlocked: true });
    await site.setClock(`${w0}T11:00:00.000Z`);
    await site.sweep();
    expect(outcome()).toMatchObject({ status: 'failed' });
    expect(outcome().message).toMatch(/The app may not create pages in space PM \(Confluence answered 404\)/);
    expect(agendaPages()).toEqual([]);
    expect(site.stored('agenda:page')).toBeUndefined();
  });
});
