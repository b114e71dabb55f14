/**
 * The library of what was learned: reviewed postmortems by contributing factor, as the viewer.
 * For each factor of the admins' taxonomy, Jira's count of the reviewed postmortems tagged with it
 * (`postmortemFactor`, the incident's indexed `postmortem` record; one count per factor, in
 * parallel); for the factor asked, one search page of them (at most 50), each confirmed by its page
 * as the viewer: its title and link are the page's own, and its factors the page's record, so a
 * record rewritten on the incident lists nothing the page does not say. A postmortem is listed only
 * when the incident's record is the app's, sealed and reviewed (docs/decisions/0017-postmortem-record-sealed.md:
 * the app's seal key, read once per call, only when there is a page of them to list); the counts are
 * Jira's over the indexed records and, unproved, may include records written by hand.
 */
import * as jira from '../../adapters/jira';
import { readPostmortemEvidence } from '../../adapters/postmortem-pages';
import { readSealCheck } from '../../adapters/waivers';
import { PostmortemContentProperty, POSTMORTEM_PROPERTY_KEY } from '../../contracts/properties';
import type { FactorLibrary } from '../../contracts/report-learning';
import { and, eq, inList, query } from '../../domain/jql';
import { provenPostmortem, verifyPostmortemLinks } from '../../domain/postmortem';
import { oldest } from '../../domain/report/live';
import type { Caller } from '../caller';
import type { Input, Output } from '../types';
import { readBase, refusalOf } from './base';

export const FACTOR_PAGE = 50;

const fold = (s: string) => s.toLocaleLowerCase('en');

export async function getFactors(
  payload: Input<'report-resolver', 'getFactors'>,
  caller: Caller,
): Promise<Output<'report-resolver', 'getFactors'>> {
  const filters = { projectKeys: payload.projectKeys };
  const base = await readBase(filters, caller.siteUrl);
  const scope = payload.projectKeys.length ? [inList('project', payload.projectKeys)] : [];
  const tagged = (factor: string) =>
    and(
      eq({ issueProperty: POSTMORTEM_PROPERTY_KEY, path: 'status' }, 'reviewed'),
      eq({ issueProperty: POSTMORTEM_PROPERTY_KEY, path: 'factors' }, factor),
      ...scope,
    );
  try {
    const taxonomy = base.settings.contributingFactors;
    const asked = payload.factor ? (taxonomy.find((f) => fold(f) === fold(payload.factor!)) ?? payload.factor) : null;
    const [counts, page] = await Promise.all([
      Promise.all(taxonomy.map(async (factor) => ({ factor, ...(await jira.approximateCount('user', query(tagged(factor)))) }))),
      asked
        ? jira.searchPage('user', query(tagged(asked), [['key', 'DESC']]), ['summary'], {
            maxResults: FACTOR_PAGE,
            properties: [POSTMORTEM_PROPERTY_KEY],
          })
        : Promise.resolve(undefined),
    ]);
    base.counter.calls += counts.length + (page ? 1 : 0);
    let postmortems: FactorLibrary['postmortems'] = [];
    // Only records the app sealed as reviewed (one key read): a hand-written or copied one lists nothing.
    const seals = page && page.issues.length ? await readSealCheck() : undefined;
    const proven = seals
      ? page!.issues.filter((i) => provenPostmortem(i.id, i.properties?.[POSTMORTEM_PROPERTY_KEY], seals)?.status === 'reviewed')
      : [];
    if (page && proven.length) {
      const evidence = await readPostmortemEvidence(
        proven.map((i) => ({ incidentKey: i.key, issueProperty: i.properties?.[POSTMORTEM_PROPERTY_KEY] })),
        { as: 'user', counter: base.counter },
      );
      const verified = verifyPostmortemLinks(evidence, base.siteUrl || undefined);
      const onPage = new Map(evidence.map((e) => [e.incidentKey, PostmortemContentProperty.safeParse(e.contentProperty)]));
      postmortems = proven.flatMap((i) => {
        const pm = verified.get(i.key);
        const record = onPage.get(i.key);
        if (!pm || !record?.success || record.data.status !== 'reviewed') return [];
        const factors = record.data.factors ?? [];
        if (!factors.some((f) => fold(f) === fold(asked!))) return [];
        return [
          {
            incidentKey: i.key,
            incidentSummary: i.fields.summary ?? '',
            pageTitle: pm.pageTitle,
            pageUrl: pm.pageUrl,
            reviewedAt: record.data.review?.reviewedAt ?? null,
            factors,
          },
        ];
      });
      postmortems.sort((a, b) => (b.reviewedAt ?? '').localeCompare(a.reviewedAt ?? '') || b.incidentKey.localeCompare(a.incidentKey));
    }
    return {
      asOf: oldest(counts, base.now),
      factors: counts.map((c) => ({ factor: c.factor, count: c.count })),
      factor: asked,
      postmortems,
      more: Boolean(page?.nextPageToken),
      productCalls: base.counter.calls,
    };
  } catch (err) {
    throw refusalOf(err, filters, false);
  }
}
