/**
 * Hostile text (README, "Reliability") placed in Jira through its REST API, as a person could: it reaches every
 * mail escaped, never widens a JQL query, and cannot become a spreadsheet formula in the CSV.
 * (Browser rendering of the same text in each surface is not covered here yet.)
 */
import { inList, query } from '../../src/domain/jql';
import { allResolvers, SecuritySite, U } from './support';
import { clockPastSendHour } from '../support/send-hour';

const SCRIPT = '<script>alert(1)</script><img src=x onerror=alert(1)>';
const FORMULA = '=HYPERLINK("http://evil.example","click")';

describe('hostile text in product data', () => {
  let site: SecuritySite;

  beforeAll(async () => {
    site = await SecuritySite.start();
    await site.reset();
  });
  afterAll(async () => {
    await site.stop();
  });

  async function setSummary(key: string, summary: string): Promise<void> {
    const res = await fetch(`${site.url}/rest/api/3/issue/${key}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', 'x-local-account-id': U.priya },
      body: JSON.stringify({ fields: { summary } }),
    });
    expect(res.status).toBeLessThan(300);
  }
  const ref = (name: string) => {
    const r = allResolvers().find((x) => x.name === name);
    if (!r) throw new Error(`no ${name}`);
    return r;
  };

  test('mails escape summaries: the HTML body holds &lt;script&gt;, never <script>', async () => {
    await setSummary('PAY-2', `Due soon ${SCRIPT}`);
    await setSummary('PAY-3', `Overdue ${SCRIPT}`);
    await clockPastSendHour(site.url); // the trigger starts the day's sweep at the send hour
    const r = await site.control('POST', '/__site/scheduled/postmortem-sweep');
    expect(r.status).toBe(200);
    const mails = site.db.outbox().filter((m) => m.htmlBody.includes('alert(1)'));
    expect(mails.length).toBeGreaterThanOrEqual(1);
    for (const m of mails) {
      expect(m.htmlBody).not.toMatch(/<script|<img/i);
      expect(m.htmlBody).toContain('&lt;script&gt;');
    }
  });

  test('a right-to-left override or other invisible character in a summary reaches no mail', async () => {
    await site.reset();
    await setSummary('PAY-2', 'Renew certificate \u202Efdp.exe\u200B\u2066');
    await setSummary('PAY-3', 'Rotate keys \u202Egnp.scr\uFEFF');
    await clockPastSendHour(site.url); // the trigger starts the day's sweep at the send hour
    const r = await site.control('POST', '/__site/scheduled/postmortem-sweep');
    expect(r.status).toBe(200);
    const mails = site.db.outbox().filter((m) => /Renew certificate|Rotate keys/.test(`${m.subject} ${m.textBody}`));
    expect(mails.length).toBeGreaterThanOrEqual(1);
    for (const m of mails) {
      for (const part of [m.subject, m.textBody, m.htmlBody]) expect(part).not.toMatch(/[\p{Cf}\p{Default_Ignorable_Code_Point}]/u);
    }
    expect(mails.some((m) => /Renew certificate fdp\.exe|Rotate keys gnp\.scr/.test(m.subject))).toBe(true);
  });

  test('a JQL fragment typed into the incident search does not widen it', async () => {
    const search = async (query: string) => {
      const a = await site.invoke(ref('macro.searchIncidents'), U.marcus, { query }, { kind: 'macro', pageId: site.demoPageId() });
      expect(a.answer?.ok).toBe(true);
      return (a.answer?.data as { incidents: Array<{ key: string }> }).incidents.map((i) => i.key);
    };
    const benign = await search('Checkout');
    for (const q of [
      'Checkout" OR project = PAY OR summary ~ "x',
      '" OR project = SECRET',
      "') OR 1=1 --",
      'Checkout\\" OR issuetype != Incident',
    ]) {
      const keys = await search(q);
      expect(keys.every((k) => k.startsWith('INC-'))).toBe(true);
      expect(keys.length).toBeLessThanOrEqual(Math.max(benign.length, 1));
    }
  });

  test('a value ending in a backslash cannot escape its closing quote and widen the JQL the app sends to Jira', async () => {
    // Values as a Jira admin could type them into the settings; the query as the app builds it.
    const hostile = ['x \\', ') OR project = PAY OR labels in (x\\'];
    const built = query(inList('labels', hostile));
    const res = await fetch(`${site.url}/rest/api/3/search/jql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-local-account-id': U.priya },
      body: JSON.stringify({ jql: built, fields: ['summary'] }),
    });
    expect(res.status).toBe(200);
    const keys = ((await res.json()) as { issues: Array<{ key: string }> }).issues.map((i) => i.key);
    expect(keys).toEqual([]);
  });

  test('CSV cells that start with =, +, - or @ are neutralised', async () => {
    await setSummary('PAY-3', FORMULA);
    await setSummary('PAY-4', '+cmd|" /C calc"!A0');
    const a = await site.invoke(ref('report.exportCsv'), U.priya, { filters: {}, section: 'overdue' }, { kind: 'page' });
    expect(a.answer?.ok).toBe(true);
    const csv = (a.answer?.data as { csv: string }).csv;
    expect(csv).toContain('HYPERLINK');
    const cells = csv
      .split(/\r?\n/)
      .flatMap((line) => line.split(','))
      .map((c) => c.replace(/^"/, ''));
    expect(cells.filter((c) => /^[=+@]/.test(c) || /^-[^0-9]/.test(c))).toEqual([]);
  });

  test('a cell holding the list separator of another locale (`;`, tab) cannot start a formula there', async () => {
    await setSummary('PAY-3', 'x;=cmd|/C calc!A0');
    await setSummary('PAY-4', 'y\t+cmd|/C calc!A0');
    const a = await site.invoke(ref('report.exportCsv'), U.priya, { filters: {}, section: 'overdue' }, { kind: 'page' });
    expect(a.answer?.ok).toBe(true);
    const csv = (a.answer?.data as { csv: string }).csv.replace(/^\uFEFF/, '');
    expect(csv).toContain('cmd|');
    // Read as a spreadsheet would with `;`, `,` or tab as its list separator, honouring quotes.
    for (const sep of [',', ';', '\t']) {
      const cells: string[] = [];
      let cell = '';
      let quoted = false;
      for (let i = 0; i < csv.length; i++) {
        const c = csv[i]!;
        if (quoted) {
          if (c === '"' && csv[i + 1] === '"') {
            cell += '"';
            i++;
          } else if (c === '"') quoted = false;
          else cell += c;
        } else if (c === '"') quoted = true;
        else if (c === sep || c === '\n') {
          cells.push(cell);
          cell = '';
        } else if (c !== '\r') cell += c;
      }
      expect(cells.filter((c) => /^\s*[=+\-@]/.test(c) && !/^-\d+$/.test(c))).toEqual([]);
    }
  });
});
