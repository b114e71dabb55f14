import { ForgeContext } from '../../../src/resolvers/define';
import { siteUrlOf } from '../../../src/resolvers/context';

const ctx = (siteUrl: unknown) => ForgeContext.parse({ accountId: 'a-1', siteUrl });

describe('the site URL from the Forge context', () => {
  it('is the https base without a trailing slash', () => {
    expect(siteUrlOf(ctx('https://acme.atlassian.net/'))).toBe('https://acme.atlassian.net');
  });
  it('is undefined when missing or not an http(s) URL, so no link is built from it', () => {
    expect(siteUrlOf(ctx(undefined))).toBeUndefined();
    expect(siteUrlOf(ctx('javascript:alert(1)'))).toBeUndefined();
    expect(siteUrlOf(ctx(42))).toBeUndefined();
  });
});
