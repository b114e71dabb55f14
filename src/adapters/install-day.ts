/**
 * The day the app was installed, in app storage: recorded (claim-once) by the first run that asks
 * for it, so it is the first day the app ran on the site. It is the default start of tracking
 * incidents from resolution (settings `trackingStartDate`), so incidents resolved before the app
 * came stay out of everyone's mail.
 */
import { z } from 'zod';
import { IsoDate } from '../contracts/ids';
import type { Settings } from '../contracts/settings';
import * as storage from './storage';

/** The key the install day is stored under (the local site's demo seed writes it too: local/products/SEED.md). */
export const INSTALL_DAY_KEY = 'app-installed-on:v1';
const InstallDay = z.object({ day: IsoDate });

/** The recorded install day; `today` is recorded (and answered) when none is yet. */
export async function installDay(today: string): Promise<string> {
  const stored = await storage.read(INSTALL_DAY_KEY, InstallDay);
  if (stored) return stored.day;
  if (await storage.setIfAbsent(INSTALL_DAY_KEY, { day: today })) return today;
  return (await storage.read(INSTALL_DAY_KEY, InstallDay))?.day ?? today;
}

/** The effective start of tracking: the setting, else the install day. */
export async function trackingStart(settings: Pick<Settings, 'trackingStartDate'>, today: string): Promise<string> {
  return settings.trackingStartDate ?? (await installDay(today));
}

/** Which incidents the sweep and the report track from resolution (the domain's `IncidentTracking`). */
export async function incidentTracking(settings: Settings, today: string) {
  return {
    issueTypes: settings.incidentFilter.issueTypes,
    projectKeys: settings.incidentFilter.projectKeys,
    startDate: await trackingStart(settings, today),
    deadlineDays: settings.postmortemDeadlineDays,
    timeZone: settings.timeZone,
    ownerRole: settings.postmortemOwnerRole,
  };
}
