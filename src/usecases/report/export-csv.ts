/**
 * One part of a section's CSV: at most CSV_PART_ROWS rows read in the screen's order by Jira's page
 * token, and the token of the next part. Parts joined in order are the file: the first carries the
 * BOM (Excel then reads accents such as "8–30 days" right) and the header, the others rows only.
 */
import * as clock from '../../adapters/clock';
import type { ReportItemRow } from '../../contracts/report-rows';
import { CSV_PART_ROWS } from '../../contracts/report';
import { itemRowsCsv, postmortemRowsCsv } from '../../domain/report';
import { waivedRowsCsv } from '../../domain/report/export';
import { csvFilename } from '../../domain/report/groups';
import { isItemSection } from '../../domain/report/live';
import type { Caller } from '../caller';
import type { Input, Output } from '../types';
import { addPeople, readBase, refusalOf } from './base';
import { itemPage } from './item-page';
import { postmortemPage, postmortemReport, readPostmortems } from './postmortems';
import { readScope, waivedPage } from './waivers';

/** How long one part may read, of the resolver's 25 s. */
const PART_BUDGET_MS = 15_000;

export async function exportCsv(
  payload: Input<'report-resolver', 'exportCsv'>,
  caller: Caller,
): Promise<Output<'report-resolver', 'exportCsv'>> {
  const base = await readBase(payload.filters, caller.siteUrl);
  const first = payload.pageToken === undefined;
  const filename = csvFilename(payload.section, payload.group, base.today);
  const options = { bom: first, header: first };
  try {
    const { scope, waivers } = await readScope(base, payload.filters);
    const section = payload.section;
    if (section === 'waived') {
      const page = waivedPage(waivers, { ...payload, offset: 0, limit: CSV_PART_ROWS });
      const rows = page.kind === 'waivers' ? page.rows : [];
      return {
        filename,
        csv: waivedRowsCsv(rows, options),
        rows: rows.length,
        total: page.total,
        ...(page.nextPageToken ? { nextPageToken: page.nextPageToken } : {}),
      };
    }
    if (!isItemSection(section)) {
      const pms = await readPostmortems(base, payload.filters, { tracked: true });
      const page = postmortemPage(postmortemReport(base, payload.filters, pms, []), section, base.now, {
        ...payload,
        offset: 0,
        limit: CSV_PART_ROWS,
      });
      await addPeople(base, page.kind === 'postmortems' ? page.rows.map((r) => r.ownerAccountId) : []);
      const rows = page.kind === 'postmortems' ? page.rows : [];
      return {
        filename,
        csv: postmortemRowsCsv(rows, base.people, options),
        rows: rows.length,
        total: page.total,
        ...(page.nextPageToken ? { nextPageToken: page.nextPageToken } : {}),
      };
    }
    const pms = readPostmortems(base, payload.filters);
    pms.catch(() => undefined);
    const rows: ReportItemRow[] = [];
    let token = payload.pageToken;
    let total = 0;
    const startedMs = clock.nowMs();
    // 50 searches of 100 at most, and never past 15 s of the resolver's 25.
    do {
      const page = await itemPage(base, scope, pms, { ...payload, section, pageToken: token, offset: rows.length, limit: 100 });
      total = page.total;
      if (page.kind === 'items') rows.push(...page.rows);
      token = page.nextPageToken;
    } while (token && rows.length < CSV_PART_ROWS && clock.nowMs() - startedMs < PART_BUDGET_MS);
    await addPeople(
      base,
      rows.flatMap((r) => r.managers),
    );
    return { filename, csv: itemRowsCsv(rows, base.people, options), rows: rows.length, total, ...(token ? { nextPageToken: token } : {}) };
  } catch (err) {
    throw refusalOf(err, payload.filters, payload.pageToken !== undefined);
  }
}
