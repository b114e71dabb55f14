/** A further page of one report section, with the same filters, sort and group as on screen. */
import * as clock from '../../adapters/clock';
import { isItemSection } from '../../domain/report/live';
import type { Caller } from '../caller';
import type { Input, Output } from '../types';
import { readBase, refusalOf } from './base';
import { scopeOf } from './figures';
import { itemPage } from './item-page';
import { postmortemPage, postmortemReport, readPostmortems } from './postmortems';

export async function getSection(
  payload: Input<'report-resolver', 'getSection'>,
  caller: Caller,
): Promise<Output<'report-resolver', 'getSection'>> {
  const base = await readBase(payload.filters, caller.siteUrl);
  const scope = scopeOf(base, payload.filters);
  try {
    const section = payload.section;
    if (isItemSection(section)) {
      const pms = readPostmortems(base, payload.filters);
      pms.catch(() => undefined);
      return await itemPage(base, scope, pms, { ...payload, section });
    }
    const pms = await readPostmortems(base, payload.filters);
    return postmortemPage(postmortemReport(base, payload.filters, pms, []), section, clock.now().toISOString(), payload);
  } catch (err) {
    throw refusalOf(err, payload.filters, payload.pageToken !== undefined);
  }
}
