import { escapeHtml, html, joinHtml, link, oneLine, safeUrl, SafeHtml } from '../../../src/domain/html';

describe('escapeHtml', () => {
  it('escapes the characters that matter in text and quoted attributes', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&\`</a>`)).toBe('&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&#96;&lt;/a&gt;');
  });
  it('leaves ordinary text, accents and emoji alone', () => {
    expect(escapeHtml('Café ✓ 100% done')).toBe('Café ✓ 100% done');
  });
  it('escapes an ampersand once (no double decoding tricks)', () => {
    expect(escapeHtml('&lt;script&gt;')).toBe('&amp;lt;script&amp;gt;');
  });
});

describe('html template', () => {
  it('escapes every interpolated string', () => {
    const out = html`<p>${'<script>alert(1)</script>'}</p><p>${'<img src=x onerror=alert(1)>'}</p>`.toString();
    expect(out).toBe('<p>&lt;script&gt;alert(1)&lt;/script&gt;</p><p>&lt;img src=x onerror=alert(1)&gt;</p>');
  });
  it('escapes quotes in attribute values so they cannot break out', () => {
    const title = '" onmouseover="alert(1)';
    expect(html`<span title="${title}">x</span>`.toString()).toBe('<span title="&quot; onmouseover=&quot;alert(1)">x</span>');
  });
  it('keeps nested SafeHtml, joins arrays, drops null/undefined/booleans, prints finite numbers', () => {
    const inner = html`<b>${'a<b'}</b>`;
    expect(html`<p>${inner}${[html`<i>1</i>`, '<2>']}${null}${undefined}${false}${3}${Number.NaN}</p>`.toString()).toBe(
      '<p><b>a&lt;b</b><i>1</i>&lt;2&gt;3</p>',
    );
  });
  it('cannot be fooled by an object pretending to be SafeHtml', () => {
    const fake = { toString: () => '<script>x</script>' } as unknown as string;
    expect(html`${fake}`.toString()).toBe('&lt;script&gt;x&lt;/script&gt;');
    expect(html`x` instanceof SafeHtml).toBe(true);
  });
  it('joinHtml escapes text parts and separators', () => {
    expect(joinHtml(['<a>', html`<br>`], '<sep>').toString()).toBe('&lt;a&gt;&lt;sep&gt;<br>');
  });
});

describe('links', () => {
  it('allows absolute http(s) and mailto URLs only', () => {
    expect(safeUrl('https://acme.atlassian.net/browse/OPS-1')).toBe('https://acme.atlassian.net/browse/OPS-1');
    expect(safeUrl('http://localhost:8080/x')).toBe('http://localhost:8080/x');
    expect(safeUrl('mailto:a@b.c')).toBe('mailto:a@b.c');
    for (const bad of [
      'javascript:alert(1)',
      'JavaScript:alert(1)',
      ' javascript:alert(1)',
      'data:text/html,x',
      '//evil.com',
      '/relative',
      'https://a b',
      'https:///x',
      'https://evil.example/\u202Egpj.exe',
      'https://a\u200Bb.example/',
      'https://a\u00A0b/',
      '',
      null,
      undefined,
    ]) {
      expect(safeUrl(bad)).toBeUndefined();
    }
  });
  it('renders an unsafe link as its escaped text', () => {
    expect(link('javascript:alert(1)', '<b>x</b>').toString()).toBe('&lt;b&gt;x&lt;/b&gt;');
    expect(link('https://x.test/?a=1&b="2"', 'go').toString()).toBe('<a href="https://x.test/?a=1&amp;b=&quot;2&quot;">go</a>');
  });
});

describe('oneLine', () => {
  it('flattens line breaks and control characters and collapses spaces', () => {
    expect(oneLine('a\r\nb\tc\u0000d\u2028e   f')).toBe('a b c d e f');
  });
  it('drops invisible and direction-changing characters: bidi overrides and isolates, zero-width, BOM, tags, soft hyphen', () => {
    expect(oneLine('invoice\u202Efdp.exe')).toBe('invoicefdp.exe');
    expect(oneLine('a\u202Ab\u202Bc\u202Cd\u202De\u2066f\u2067g\u2068h\u2069i\u200Ej\u200Fk\u061Cl')).toBe('abcdefghijkl');
    expect(oneLine('z\u200Bw\u200Cs\u200Dj\uFEFFb\u00ADh\u2060w\u{E0041}t\u3164f')).toBe('zwsjbhwtf');
    expect(oneLine('\u0085next\u009Bcsi')).toBe('next csi');
  });
  it('replaces a lone surrogate and never cuts a pair in half', () => {
    expect(oneLine('a\uD800b')).toBe('a\uFFFDb');
    expect(oneLine('ab😀cd', 4)).toBe('ab…');
  });
  it('cuts long text with an ellipsis within the limit', () => {
    const out = oneLine('x'.repeat(300), 10);
    expect(out).toHaveLength(10);
    expect(out.endsWith('…')).toBe(true);
    expect(oneLine(null)).toBe('');
  });
});
