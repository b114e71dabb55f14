/** The weekly review agenda page's last outcome, as the settings page shows it. */
import { z } from 'zod';
import { IsoDate, IsoDateTime, PageId } from './ids';

export const AgendaOutcomeStatus = z.enum(['created', 'updated', 'adopted', 'skipped', 'failed']);
export type AgendaOutcomeStatus = z.infer<typeof AgendaOutcomeStatus>;

export const AgendaOutcome = z.object({
  /** When the hourly run tried (platform time). */
  at: IsoDateTime,
  /** The Monday of the week the page is for (site time zone). */
  week: IsoDate,
  status: AgendaOutcomeStatus,
  /** What happened, or why not and what to do, in a sentence or two. */
  message: z.string().max(600),
  /** The agenda page written (created, updated or taken over). */
  page: z.object({ id: PageId, title: z.string().max(255), url: z.string().max(2000) }).optional(),
});
export type AgendaOutcome = z.infer<typeof AgendaOutcome>;
