import { postmortemPageUrl, verifyPostmortemLink, verifyPostmortemLinks } from '../../../../src/domain/postmortem/link';

const OWNER = '712020:owner';
const issueProperty = {
  pageId: '42',
  pageTitle: 'Forged title',
  pageUrl: 'https://evil.example/x',
  status: 'draft',
  dueDate: '2026-03-10',
  ownerAccountId: OWNER,
};
const contentProperty = { incidentKey: 'INC-3', status: 'draft', ownerAccountId: OWNER, incidentDate: '2026-03-01', dueDate: '2026-03-10' };
const page = { id: '42', title: 'Postmortem: INC-3 Checkout' };
const SITE = 'https://acme.atlassian.net';

describe('verifyPostmortemLink', () => {
  test('a confirmed link takes its title from the page and its URL from the site and page id', () => {
    const v = verifyPostmortemLink({ incidentKey: 'INC-3', issueProperty, page, contentProperty }, `${SITE}/`);
    expect(v).toEqual({
      ok: true,
      postmortem: { ...issueProperty, pageTitle: page.title, pageUrl: `${SITE}/wiki/pages/viewpage.action?pageId=42` },
    });
  });

  test.each([
    ['no record', { issueProperty: { pageId: 'x' } }, 'no-record'],
    ['no page', { page: undefined }, 'no-page'],
    ['another page', { page: { id: '43', title: 't' } }, 'no-page'],
    ['a page that claims another incident', { contentProperty: { ...contentProperty, incidentKey: 'INC-4' } }, 'not-claimed'],
    ['a page without the record', { contentProperty: undefined }, 'not-claimed'],
    ['another owner', { issueProperty: { ...issueProperty, ownerAccountId: '712020:mallory' } }, 'owner-differs'],
  ])('%s is refused', (_name, patch, reason) => {
    const v = verifyPostmortemLink({ incidentKey: 'INC-3', issueProperty, page, contentProperty, ...patch }, SITE);
    expect(v).toMatchObject({ ok: false, reason });
  });

  test('verifyPostmortemLinks keeps only the confirmed ones', () => {
    const out = verifyPostmortemLinks(
      [
        { incidentKey: 'INC-3', issueProperty, page, contentProperty },
        { incidentKey: 'INC-4', issueProperty, page, contentProperty },
      ],
      SITE,
    );
    expect([...out.keys()]).toEqual(['INC-3']);
  });

  test('the URL needs an http(s) base and a numeric page id', () => {
    expect(postmortemPageUrl(undefined, '42')).toBe('');
    expect(postmortemPageUrl('javascript:alert(1)', '42')).toBe('');
    expect(postmortemPageUrl(SITE, '42/../x')).toBe('');
    expect(postmortemPageUrl('https://acme.atlassian.net/some/path', '7')).toBe(
      'https://acme.atlassian.net/wiki/pages/viewpage.action?pageId=7',
    );
  });
});
