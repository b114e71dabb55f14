/**
 * The pure parts of the postmortem resolvers: the undo-on-failure step runner (never half-linked),
 * the JQL they build from user text, and page titles.
 */
import { ProductError } from '../../../src/adapters/http';
import { DEFAULT_SETTINGS } from '../../../src/contracts/settings';
import { syntaxErrors } from '../../../src/domain/jql';
import { Refusal } from '../../../src/usecases/refusal';
import { incidentJql } from '../../../src/usecases/macro/search-incidents';
import { postmortemTitle } from '../../../src/usecases/panel/create-postmortem';
import { issuePropertyOf, postmortemLinkTitle, runSteps } from '../../../src/usecases/steps/postmortem-link';
import { actionItemsJql } from '../../../src/usecases/macro/export-postmortem';

describe('runSteps', () => {
  function recorder() {
    const log: string[] = [];
    const step = (name: string, opts: { fail?: unknown; undoFailures?: number } = {}) => {
      let undoFailures = opts.undoFailures ?? 0;
      return {
        what: name,
        run: async () => {
          log.push(`run ${name}`);
          if (opts.fail) throw opts.fail;
        },
        undo: async () => {
          log.push(`undo ${name}`);
          if (undoFailures > 0) {
            undoFailures -= 1;
            throw new Error('still failing');
          }
        },
      };
    };
    return { log, step };
  }

  test('runs every step in order when all succeed, undoing nothing', async () => {
    const { log, step } = recorder();
    await runSteps([step('a'), step('b'), step('c')]);
    expect(log).toEqual(['run a', 'run b', 'run c']);
  });

  test('undoes the steps already done, newest first, and says nothing was changed', async () => {
    const { log, step } = recorder();
    const failing = step('c', { fail: new ProductError('jira', 'set issue property', 503, '') });
    await expect(runSteps([step('a'), step('b'), failing])).rejects.toMatchObject({
      code: 'product-error',
      message: expect.stringMatching(/^Could not c, so nothing was changed .*Jira is not answering properly \(status 503\)/),
    });
    expect(log).toEqual(['run a', 'run b', 'run c', 'undo b', 'undo a']);
  });

  test('retries an undo that fails, and names what could not be undone when it keeps failing', async () => {
    const { log, step } = recorder();
    await expect(runSteps([step('a', { undoFailures: 1 }), step('b', { fail: new Error('boom') })])).rejects.toBeInstanceOf(Refusal);
    expect(log).toEqual(['run a', 'run b', 'undo a', 'undo a']);

    const stuck = recorder();
    const err = await runSteps([stuck.step('record the link', { undoFailures: 99 }), stuck.step('b', { fail: new Error('boom') })]).catch(
      (e: unknown) => e,
    );
    expect(err).toMatchObject({
      code: 'product-error',
      message: expect.stringContaining('undoing the rest did not finish (record the link)'),
    });
    expect(stuck.log.filter((l) => l === 'undo record the link')).toHaveLength(3);
  });

  test('a refusal at the first step passes through unchanged', async () => {
    const { step } = recorder();
    const refusal = new Refusal('conflict', 'Someone changed it.');
    await expect(runSteps([step('a', { fail: refusal }), step('b')])).rejects.toBe(refusal);
  });
});

describe('JQL from user text', () => {
  test('incident search: the typed text never enters the JQL; a key narrows it', () => {
    const hostile = incidentJql(DEFAULT_SETTINGS, '" OR project = SECRET OR summary ~ "');
    expect(hostile).toBe('issuetype in (Incident) ORDER BY created DESC');
    const key = incidentJql(DEFAULT_SETTINGS, ' inc-4 ');
    expect(key.replace(/\s+/g, ' ')).toBe('issuetype in (Incident) and key = INC-4 ORDER BY created DESC');
    const types = incidentJql(
      { ...DEFAULT_SETTINGS, incidentFilter: { issueTypes: ['Incident', 'Major "incident"'], projectKeys: [] } },
      '',
    );
    expect(syntaxErrors(types)).toEqual([]);
    expect(types).toContain('"Major \\"incident\\""');
  });

  test('export: one search for the incident’s action items', () => {
    const jql = actionItemsJql('INC-3');
    expect(jql.replace(/\s+/g, ' ')).toBe(
      'labels = postmortem-action and issue.property[postmortem-action].incidentKey = INC-3 ORDER BY duedate ASC, key ASC',
    );
    expect(syntaxErrors(jql)).toEqual([]);
  });
});

describe('titles and properties', () => {
  test('page titles come from the incident, fit 255 characters and vary on retries', () => {
    expect(postmortemTitle('INC-4', 'Mobile  login\nfailures', 1)).toBe('Postmortem: INC-4 Mobile login failures');
    expect(postmortemTitle('INC-4', '', 2)).toBe('Postmortem: INC-4 (2)');
    const long = postmortemTitle('INC-4', 'x'.repeat(400), 3);
    expect(long).toHaveLength(255);
    expect(long.endsWith(' (3)')).toBe(true);
  });

  test('remote links to the page and the incident property carry a neutral title, never the page title', () => {
    expect(postmortemLinkTitle('INC-4')).toBe('Postmortem for INC-4');
  });

  test('the incident property mirrors the page record, with the review date once reviewed', () => {
    const base = {
      incidentKey: 'INC-4',
      status: 'draft' as const,
      ownerAccountId: 'a-1',
      incidentDate: '2026-11-22',
      dueDate: '2026-11-29',
    };
    const page = { id: '65539', title: 'Postmortem: INC-4', url: 'https://example.atlassian.net/wiki/x' };
    expect(issuePropertyOf(base, page)).toEqual({
      pageId: '65539',
      pageTitle: 'Postmortem for INC-4',
      pageUrl: page.url,
      status: 'draft',
      incidentDate: '2026-11-22',
      dueDate: '2026-11-29',
      ownerAccountId: 'a-1',
    });
    const inReview = issuePropertyOf({ ...base, status: 'in-review', requestedReviewAt: '2026-11-23T08:00:00.000Z' }, page);
    expect(inReview).toMatchObject({ status: 'in-review', requestedReviewAt: '2026-11-23T08:00:00.000Z' });
    const reviewed = issuePropertyOf(
      { ...base, status: 'reviewed', review: { reviewedBy: 'b-2', reviewedAt: '2026-11-24T10:00:00.000Z' } },
      page,
    );
    expect(reviewed).toMatchObject({ status: 'reviewed', reviewedAt: '2026-11-24T10:00:00.000Z' });
  });
});
