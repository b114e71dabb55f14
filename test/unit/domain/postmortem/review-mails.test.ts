/** The review workflow's mails: who gets each, the key that sends each once, and the words (src/domain/postmortem/review-mails.ts). */
import type { PostmortemContentProperty, ReviewFinding } from '../../../../src/contracts/properties';
import { FINDINGS_IN_MAIL, reviewMail, reviewMailKey, reviewMailRecipients } from '../../../../src/domain/postmortem';

const A = (n: number) => `712020:00000000-0000-0000-0000-${String(n).padStart(12, '0')}`;
const OWNER = A(1);
const REVIEWER = A(2);

const record = (patch: Partial<PostmortemContentProperty> = {}): PostmortemContentProperty => ({
  incidentKey: 'INC-7',
  status: 'in-review',
  ownerAccountId: OWNER,
  incidentDate: '2026-03-01',
  dueDate: '2026-03-08',
  requestedReviewAt: '2026-03-05T10:00:00.000Z',
  reviewRequest: { requestedBy: OWNER, findings: [], findingsTotal: 0 },
  ...patch,
});
const base = {
  incidentSummary: 'Checkout down',
  pageTitle: 'Postmortem: INC-7 Checkout down',
  pageUrl: 'https://acme.atlassian.net/wiki/spaces/PM/pages/42/x',
  siteUrl: 'https://acme.atlassian.net',
  actorName: 'Marcus Chen',
};

describe('who is mailed', () => {
  test('entering review: the reviewers once each and the group, never the sender', () => {
    expect(
      reviewMailRecipients('request-review', record(), { accountIds: [REVIEWER, OWNER, REVIEWER], groupName: 'pm-reviewers' }, OWNER),
    ).toEqual({
      accountIds: [REVIEWER],
      groupName: 'pm-reviewers',
    });
    expect(reviewMailRecipients('request-review', record(), { accountIds: [] }, OWNER)).toEqual({ accountIds: [] });
  });
  test('reviewed or reopened: the owner, unless the owner acted', () => {
    expect(reviewMailRecipients('mark-reviewed', record({ status: 'reviewed' }), { accountIds: [REVIEWER] }, REVIEWER)).toEqual({
      accountIds: [OWNER],
    });
    expect(reviewMailRecipients('reopen', record({ status: 'draft' }), { accountIds: [] }, REVIEWER)).toEqual({ accountIds: [OWNER] });
    expect(reviewMailRecipients('reopen', record({ status: 'draft' }), { accountIds: [REVIEWER] }, OWNER)).toEqual({ accountIds: [] });
  });
  test('each transition has its own key: page, record version and transition', () => {
    expect(reviewMailKey('42', 'request-review', 3)).toBe('review-mail:42:3:request-review');
    expect(reviewMailKey('42', 'request-review', 5)).not.toBe(reviewMailKey('42', 'request-review', 3));
    expect(reviewMailKey('42', 'reopen', 3)).not.toBe(reviewMailKey('42', 'request-review', 3));
  });
});

describe('the words', () => {
  const finding = (i: number): ReviewFinding => ({ kind: 'person-name', section: `Section ${i}`, text: `Secret Name ${i}` });

  test('entering review lists at most ten findings by section and kind, never the words found, and counts the rest', () => {
    const findings = Array.from({ length: 12 }, (_, i) => finding(i + 1));
    const mail = reviewMail({
      ...base,
      transition: 'request-review',
      next: record({ reviewRequest: { requestedBy: OWNER, reason: 'Discuss it', findings, findingsTotal: 14 } }),
    });
    expect(mail.subject).toBe('Postmortem for INC-7 is ready for review: Postmortem: INC-7 Checkout down');
    const listed = mail.textBody.split('\n').filter((l) => l.startsWith('- “'));
    expect(listed).toHaveLength(FINDINGS_IN_MAIL);
    expect(listed[0]).toBe('- “Section 1”: a person’s name to reword (blameless)');
    expect(mail.textBody).toContain('- and 4 more, listed on the page');
    expect(mail.textBody).toContain('(14 in all)');
    expect(mail.textBody).toContain('Their reason to go on with them: Discuss it');
    expect(mail.textBody + mail.htmlBody).not.toContain('Secret Name');
    expect(mail.htmlBody).toContain('href="https://acme.atlassian.net/browse/INC-7"');
  });

  test('product text cannot break a subject or the HTML; an unsafe page link is left out', () => {
    const mail = reviewMail({
      ...base,
      transition: 'mark-reviewed',
      pageTitle: 'Evil\r\nBcc: x@y <script>alert(1)</script>\u202E',
      pageUrl: 'javascript:alert(1)',
      next: record({ status: 'reviewed', review: { reviewedBy: REVIEWER, reviewedAt: '2026-03-06T10:00:00.000Z', note: 'ok <b>' } }),
    });
    expect(mail.subject).not.toMatch(/[\r\n\u202E]/);
    expect(mail.htmlBody).not.toContain('<script>');
    expect(mail.htmlBody).toContain('&lt;script&gt;');
    expect(mail.htmlBody).not.toContain('javascript:');
    expect(mail.textBody).not.toContain('Postmortem: javascript');
    expect(mail.textBody).toContain('Their note: ok <b>');
    expect(mail.htmlBody).toContain('ok &lt;b&gt;');
  });

  test('reopened tells the owner it left the queue and what to do', () => {
    const mail = reviewMail({ ...base, transition: 'reopen', next: record({ status: 'draft' }) });
    expect(mail.subject).toBe('Your postmortem for INC-7 was reopened: Postmortem: INC-7 Checkout down');
    expect(mail.textBody).toContain('Marcus Chen reopened your postmortem "Postmortem: INC-7 Checkout down" for incident INC-7');
    expect(mail.textBody).toContain('Postmortem: https://acme.atlassian.net/wiki/spaces/PM/pages/42/x');
  });
});
