/**
 * The weekly agenda page's hourly step (src/usecases/agenda/write-agenda-page.ts), run by the
 * hourly trigger only in an hour that does not start the sweep (./send-hour.ts): the sweep's
 * trigger spends its time paging the search, so the agenda gets its own invocation, and nothing
 * the agenda step meets (Confluence down, storage failing) can stop or fail a sweep. Never throws.
 */
import type { Settings } from '../../contracts/settings';
import { weeklyAgendaPage } from '../../usecases/agenda/write-agenda-page';
import { message } from './shell';

export async function agendaStep(settings: Settings): Promise<void> {
  try {
    const r = await weeklyAgendaPage(settings);
    if (r.status !== 'not-due') console.log(`agenda (${r.status}): ${r.outcome.message}`);
  } catch (e) {
    console.error('agenda: app storage failed; the agenda page is tried again within the hour:', message(e));
  }
}
