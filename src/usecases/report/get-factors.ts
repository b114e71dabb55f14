/**
 * The library of what was learned: reviewed postmortems by contributing factor, as the viewer.
 * The count per factor counts only what the app sealed (docs/decisions/0016-practice-figures.md):
 * one search, as the viewer, of the incidents whose record claims a review and any factor of the
 * taxonomy (`postmortemFactor in (…)`, newest incident first, 100 a page, at most
 * FACTOR_SCAN_LIMIT records), each record's seal checked (the app's key, read once per call) and
 * its sealed factors counted: a record written or retagged by hand counts nowhere. When Jira holds
 * more than were read, the counts say so (`countsComplete: false`: each is "at least"). For the
 * factor asked, one search page of them (at most 50), each listed only when its incident's record
 * is sealed as reviewed with that factor and its page confirms it as the viewer: its title and link
 * are the page's own, and its factors the page's record.
 */
import * as clock from '../../adapters/clock';
import * as jira from '../../adapters/jira';
import { readPostmortemEvidence } from '../../adapters/postmortem-pages';
import { readSealCheck } from '../../adapters/waivers';
import { PostmortemContentProperty, POSTMORTEM_PROPERTY_KEY } from '../../contracts/properties';
import type { FactorLibrary } from '../../contracts/report-learning';
import { and, eq, inList, query } from '../../domain/jql';
import { countSealedFactors, provenPostmortem, verifyPostmortemLinks } from '../../domain/postmortem';
import type { Caller } from '../caller';
import type { Input, Output } from '../types';
import { readBase, refusalOf } from './base';

export const FACTOR_PAGE = 50;
/** At most this many tagged records are read to count the factors (ten search pages). */
export const FACTOR_SCAN_LIMIT = 1000;

const fold = (s: string) => s.toLocaleLowerCase('en');

export async function getFactors(
  payload: Input<'report-resolver', 'getFactors'>,
  caller: Caller,
): Promise<Output<'report-resolver', 'getFactors'>> {
  const filters = { projectKeys: payload.projectKeys };
  const base = await readBase(filters, caller.siteUrl);
  const scope = payload.projectKeys.length ? [inList('project', payload.projectKeys)] : [];
  const reviewed = eq({ issueProperty: POSTMORTEM_PROPERTY_KEY, path: 'status' }, 'reviewed');
  const factorField = { issueProperty: POSTMORTEM_PROPERTY_KEY, path: 'factors' };
  const tagged = (factor: string) => and(reviewed, eq(factorField, factor), ...scope);
  try {
    const taxonomy = base.settings.contributingFactors;
    const asked = payload.factor ? (taxonomy.find((f) => fold(f) === fold(payload.factor!)) ?? payload.factor) : null;
    // The counts: every record claiming a review and a factor of the taxonomy, read up to the bound.
    const scan = async () => {
      if (taxonomy.length === 0) return { issues: [], truncated: false, pages: 0, asOf: clock.now().toISOString() };
      const jql = query(and(reviewed, inList(factorField, [...taxonomy]), ...scope), [['key', 'DESC']]);
      const read = await jira.searchAll('user', jql, ['summary'], { limit: FACTOR_SCAN_LIMIT, properties: [POSTMORTEM_PROPERTY_KEY] });
      return { ...read, asOf: clock.now().toISOString() };
    };
    const [scanned, page] = await Promise.all([
      scan(),
      asked
        ? jira.searchPage('user', query(tagged(asked), [['key', 'DESC']]), ['summary'], {
            maxResults: FACTOR_PAGE,
            properties: [POSTMORTEM_PROPERTY_KEY],
          })
        : Promise.resolve(undefined),
    ]);
    base.counter.calls += scanned.pages + (page ? 1 : 0);
    // Only records the app sealed count or are listed (one key read, when there is anything to check).
    const seals = scanned.issues.length || page?.issues.length ? await readSealCheck() : undefined;
    const provenOf = (id: string, raw: unknown) => (seals ? provenPostmortem(id, raw, seals) : undefined);
    const counts = countSealedFactors(
      scanned.issues.map((i) => ({ id: i.id, raw: i.properties?.[POSTMORTEM_PROPERTY_KEY] })),
      taxonomy,
      provenOf,
    );
    const proven = page
      ? page.issues.filter((i) => {
          const p = provenOf(i.id, i.properties?.[POSTMORTEM_PROPERTY_KEY]);
          return p?.status === 'reviewed' && (p.factors ?? []).some((f) => fold(f) === fold(asked!));
        })
      : [];
    let postmortems: FactorLibrary['postmortems'] = [];
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
      asOf: scanned.asOf,
      factors: counts,
      countsRead: scanned.issues.length,
      countsComplete: !scanned.truncated,
      factor: asked,
      postmortems,
      more: Boolean(page?.nextPageToken),
      productCalls: base.counter.calls,
    };
  } catch (err) {
    throw refusalOf(err, filters, false);
  }
}
