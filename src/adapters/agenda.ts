/**
 * The weekly agenda page's records in app storage (through the storage gateway): which page is
 * the agenda page (`agenda:page`), a mark per week once that week's page was written
 * (`agenda:week:<monday>`, kept 60 days) and the last outcome for the settings page (`agenda:last`).
 * Every read is zod-parsed; a record that no longer parses counts as absent.
 */
import { z } from 'zod';
import { AgendaOutcome } from '../contracts/agenda';
import { IsoDate, PageId } from '../contracts/ids';
import * as storage from './storage';

const PAGE_KEY = 'agenda:page';
const LAST_KEY = 'agenda:last';
const weekKey = (monday: string) => `agenda:week:${IsoDate.parse(monday)}`;
const WEEK_MARK_DAYS = 60;

const AgendaPageRecord = z.object({ pageId: PageId, spaceId: z.string().regex(/^[0-9]{1,19}$/) });
export type AgendaPageRecord = z.infer<typeof AgendaPageRecord>;
const WeekMark = z.object({ pageId: PageId, at: z.string() });

export async function readAgendaPage(): Promise<AgendaPageRecord | undefined> {
  return storage.read(PAGE_KEY, AgendaPageRecord);
}

export async function writeAgendaPage(record: AgendaPageRecord): Promise<void> {
  await storage.set(PAGE_KEY, AgendaPageRecord.parse(record));
}

/** Whether the week starting `monday` has its page written. */
export async function weekWritten(monday: string): Promise<boolean> {
  return (await storage.read(weekKey(monday), WeekMark)) !== undefined;
}

export async function markWeekWritten(monday: string, pageId: string, at: string): Promise<void> {
  await storage.set(weekKey(monday), WeekMark.parse({ pageId, at }), { ttlDays: WEEK_MARK_DAYS });
}

export async function readAgendaOutcome(): Promise<AgendaOutcome | undefined> {
  return storage.read(LAST_KEY, AgendaOutcome);
}

export async function writeAgendaOutcome(outcome: AgendaOutcome): Promise<void> {
  await storage.set(LAST_KEY, AgendaOutcome.parse(outcome));
}
