/**
 * The macro's page checks through the local site: a glossary term with a hyphen (which once made
 * the language check build an invalid RegExp and took the whole macro down) is found like any
 * other; and a check that fails, whatever the cause, shows its own error while the rest of the
 * macro (incident, due date, review state, the other check, the action items) keeps working.
 */
import { PostmortemSite, U, type LinkedOverview } from './support';

jest.setTimeout(60_000);

/** Switches that make the real checks throw, to show the macro survives any failure in them. */
const mockFail = { language: false, template: false };

jest.mock('../../../src/domain/postmortem/language', () => {
  const actual = jest.requireActual<typeof import('../../../src/domain/postmortem/language')>('../../../src/domain/postmortem/language');
  return {
    ...actual,
    checkLanguage: (...args: Parameters<typeof actual.checkLanguage>) => {
      if (mockFail.language) throw new TypeError('injected failure in the language check');
      return actual.checkLanguage(...args);
    },
  };
});
jest.mock('../../../src/domain/postmortem/check', () => {
  const actual = jest.requireActual<typeof import('../../../src/domain/postmortem/check')>('../../../src/domain/postmortem/check');
  return {
    ...actual,
    checkTemplate: (...args: Parameters<typeof actual.checkTemplate>) => {
      if (mockFail.template) throw new RangeError('injected failure in the template check');
      return actual.checkTemplate(...args);
    },
  };
});

type Overview = LinkedOverview;

let site: PostmortemSite;
let pageId: string;

beforeAll(async () => {
  site = await PostmortemSite.start();
});
afterAll(async () => {
  await site?.stop();
});
beforeEach(async () => {
  mockFail.language = false;
  mockFail.template = false;
  await site.reset();
  pageId = await site.createPostmortem(U.elena, 'INC-4', { spaceKey: 'PM' });
});

const overview = async (as: string = U.elena): Promise<Overview> => {
  const r = await site.macro<Overview>('getOverview', as, pageId);
  if (!r.ok) throw new Error(`getOverview failed: ${JSON.stringify(r.error)}`);
  return r.data!;
};

describe('glossary terms and names with any character', () => {
  test('a glossary term with a hyphen is found, and the macro works for everyone', async () => {
    site.setSettings({
      confluence: { spaceKey: 'PM' },
      glossary: [
        { term: 'db-primary', description: 'the main orders database' },
        { term: 'svc+(auth)|[x]', description: 'the login service' },
      ],
    });
    await site.fillSections(pageId, U.elena, (title) =>
      title === 'Summary' ? 'The failover of db-primary took 20 minutes; svc+(auth)|[x] kept running.' : undefined,
    );
    for (const who of [U.elena, U.marcus]) {
      const o = await overview(who);
      expect(o.link.languageCheck.state).toBe('checked');
      const matches = o.link.languageCheck.state === 'checked' ? o.link.languageCheck.findings.map((f) => f.match) : [];
      expect(matches).toEqual(expect.arrayContaining(['db-primary', 'svc+(auth)|[x]']));
    }
  });
});

describe('a failing check shows its own error; the rest of the macro works', () => {
  test('the language check fails: its error in its place, the template check, due date and action items still answer', async () => {
    mockFail.language = true;
    const o = await overview();
    expect(o.link.languageCheck).toEqual({
      state: 'failed',
      error: expect.stringMatching(
        /blameless and plain-language check could not run.*injected failure in the language check.*rest of the macro still works/,
      ),
    });
    expect(o.link.templateCheck).toMatchObject({ state: 'checked', ok: false });
    expect(o.link.postmortem.incidentKey).toBe('INC-4');
    expect(o.link.due).toMatch(/due in \d+ days?|due today/);
    expect(o.link.actions.requestReview).toBe(true);
    const items = await site.macro('listActionItems', U.elena, pageId, { incidentKey: 'INC-4' });
    expect(items.ok).toBe(true);
    mockFail.language = false;
    expect((await overview()).link.languageCheck.state).toBe('checked');
  });

  test('the template check fails: its error in its place, findings still shown, and review is refused with that error, changing nothing', async () => {
    site.setSettings({ confluence: { spaceKey: 'PM' }, glossary: [{ term: 'db01', description: 'the primary database' }] });
    await site.fillSections(pageId, U.elena, (title) => `Written for ${title}: db01 ran out of disk.`);
    mockFail.template = true;
    const o = await overview();
    expect(o.link.templateCheck).toEqual({
      state: 'failed',
      error: expect.stringMatching(/template check could not run.*injected failure in the template check/),
    });
    expect(o.link.languageCheck).toMatchObject({
      state: 'checked',
      findings: expect.arrayContaining([expect.objectContaining({ match: 'db01' })]),
    });
    expect(o.link.actions.addMissingSections).toBe(false);

    const r = await site.macro('reviewAction', U.elena, pageId, { action: 'request-review' });
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'internal', message: expect.stringMatching(/template check could not run.*review status was not changed/) },
    });
    expect(site.pageProperty(pageId)).toMatchObject({ status: 'draft' });
    expect(site.issueProperty('INC-4')).toMatchObject({ status: 'draft' });

    mockFail.template = false;
    const gated = await site.macro('reviewAction', U.elena, pageId, { action: 'request-review' });
    expect(gated).toMatchObject({
      ok: false,
      error: { details: { findings: expect.arrayContaining([expect.objectContaining({ text: 'db01' })]) } },
    });
    expect(
      (await site.macro('reviewAction', U.elena, pageId, { action: 'request-review', reason: 'db01 is named in the public status page.' }))
        .ok,
    ).toBe(true);
  });
});
