/** A further page of one report section, with the same filters, sort and group as on screen. */
import * as clock from '../../adapters/clock';
import { isItemSection } from '../../domain/report/live';
import type { Caller } from '../caller';
import type { Input, Output } from '../types';
import { readBase, refusalOf } from './base';
import { itemPage } from './item-page';
import { postmortemPage, postmortemReport, readPostmortems } from './postmortems';
import { withRepeats } from './repeats';
import { readScope, waivedPage } from './waivers';

export async function getSection(
  payload: Input<'report-resolver', 'getSection'>,
  caller: Caller,
): Promise<Output<'report-resolver', 'getSection'>> {
  const base = await readBase(payload.filters, caller.siteUrl);
  try {
    const { scope, waivers } = await readScope(base, payload.filters);
    const section = payload.section;
    if (section === 'waived') return waivedPage(waivers, payload);
    if (isItemSection(section)) {
      const pms = readPostmortems(base, payload.filters);
      pms.catch(() => undefined);
      return await itemPage(base, scope, pms, { ...payload, section });
    }
    const pms = await readPostmortems(base, payload.filters, { tracked: true });
    return await withRepeats(
      base,
      postmortemPage(postmortemReport(base, payload.filters, pms, []), section, clock.now().toISOString(), payload),
    );
  } catch (err) {
    throw refusalOf(err, payload.filters, payload.pageToken !== undefined);
  }
}
