/**
 * Mail words from hostile product text: no control, invisible or direction-changing character
 * (U+202E RIGHT-TO-LEFT OVERRIDE and friends) reaches a subject, a text body or what an HTML body
 * shows, whichever field of the product data carries it; unsafe URLs are left out.
 */
import fc from 'fast-check';
import {
  escalationMail,
  missingDueDateMail,
  postmortemReminderMail,
  reminderMail,
  type RenderedMail,
} from '../../../../src/domain/sweep/messages';

const SITE = 'https://acme.atlassian.net';
const RLO = '\u202E';
/** What must never reach a mail: controls (but the text body's own line breaks), format and default-ignorable characters, separators, lone surrogates. */
const HIDDEN =
  /[\p{Cf}\p{Default_Ignorable_Code_Point}\p{Zl}\p{Zp}]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/u;
const CONTROL = /\p{Cc}/u;

function expectClean(m: RenderedMail): void {
  expect(m.subject).not.toMatch(HIDDEN);
  expect(m.subject).not.toMatch(CONTROL);
  expect(m.textBody).not.toMatch(HIDDEN);
  expect(m.textBody.replace(/\n/g, '')).not.toMatch(CONTROL);
  expect(m.htmlBody).not.toMatch(HIDDEN);
  expect(m.htmlBody).not.toMatch(CONTROL);
}

describe('mail subjects and bodies from hostile text', () => {
  it('drops a right-to-left override from a summary, keeping the visible words', () => {
    const m = reminderMail(
      SITE,
      { key: 'OPS-1', summary: `Rotate keys ${RLO}fdp.exe`, dueDate: '2026-03-10', incidentKey: 'INC-1', postmortemUrl: null },
      { kind: 'due-today' },
      false,
    );
    expect(m.subject).toBe('OPS-1 is due today: Rotate keys fdp.exe');
    expectClean(m);
  });

  it('drops it from page titles, assignee names, keys and dates too, and leaves out a URL carrying one', () => {
    const pm = postmortemReminderMail(
      SITE,
      {
        incidentKey: `INC-1${RLO}`,
        pageTitle: `Postmortem ${RLO}gnp.exe`,
        pageUrl: `https://acme.atlassian.net/wiki/${RLO}x`,
        dueDate: `2026-03-10${RLO}`,
      },
      { kind: 'due', days: 2 },
    );
    expectClean(pm);
    expect(pm.textBody).not.toContain('https://acme.atlassian.net/wiki/');
    const esc = escalationMail(SITE, {
      incidentKey: 'INC-1',
      postmortemUrl: null,
      now: [{ kind: 'item', key: 'OPS-2', summary: 'Fix', assigneeName: `Eve ${RLO}nimda`, dueDate: '2026-03-01', overdueDays: 9 }],
      still: [
        {
          kind: 'postmortem',
          incidentKey: 'INC-1',
          pageTitle: `T${RLO}itle\u2066`,
          pageUrl: 'https://acme.atlassian.net/wiki/1',
          dueDate: '2026-03-01',
          overdueDays: 9,
        },
      ],
    });
    expectClean(esc);
    expect(esc.textBody).toContain('assigned to Eve nimda');
  });

  it('whatever product text carries, no mail holds a hidden or control character', () => {
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 30 }),
      fc
        .array(
          fc.constantFrom(
            'a',
            ' ',
            RLO,
            '\u202A',
            '\u2066',
            '\u2069',
            '\u200B',
            '\u200D',
            '\uFEFF',
            '\u00AD',
            '\u0085',
            '\u2028',
            '\n',
            '\r',
            '\t',
            '\u0000',
            '\u{E0041}',
            '\uD800',
            '<',
            '"',
          ),
          { maxLength: 12 },
        )
        .map((a) => a.join('')),
    );
    fc.assert(
      fc.property(text, text, text, text, (a, b, c, d) => {
        const ref = { key: a, summary: b, dueDate: c, incidentKey: d, postmortemUrl: `https://acme.atlassian.net/${a}` };
        expectClean(reminderMail(SITE, ref, { kind: 'overdue', days: 3 }, false));
        expectClean(reminderMail(SITE, ref, { kind: 'due', days: 3 }, true));
        expectClean(missingDueDateMail(SITE, ref));
        expectClean(
          postmortemReminderMail(SITE, { incidentKey: a, pageTitle: b, pageUrl: `https://x.test/${c}`, dueDate: d }, { kind: 'due-today' }),
        );
        expectClean(
          escalationMail(SITE, {
            incidentKey: a,
            postmortemUrl: `https://x.test/${b}`,
            now: [{ kind: 'item', key: a, summary: b, assigneeName: c, dueDate: d, overdueDays: 1 }],
            still: [{ kind: 'postmortem', incidentKey: d, pageTitle: c, pageUrl: b, dueDate: a, overdueDays: 2 }],
          }),
        );
      }),
      { numRuns: 300 },
    );
  });
});
