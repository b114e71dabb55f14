/** Shared by the macro's action-item use cases: the page must be linked to the incident named, and today in the site's zone. */
import * as clock from '../../adapters/clock';
import * as confluence from '../../adapters/confluence';
import { readSettings } from '../../adapters/settings';
import { PostmortemContentProperty, POSTMORTEM_PROPERTY_KEY } from '../../contracts/properties';
import { todayIn } from '../../domain/dates';
import { Refusal } from '../refusal';
import type { PageCaller } from '../caller';

/** The page the macro is on, which must be linked to `incidentKey` (read as the caller: they must see the page). */
export async function linkedPage(at: PageCaller, incidentKey: string): Promise<string> {
  const pageId = at.pageId;
  const property = await confluence.getPageProperty('user', pageId, POSTMORTEM_PROPERTY_KEY);
  if (!property) {
    throw new Refusal(
      'not-found',
      'This page is not linked to an incident, or you cannot see it. Link it to its incident from the macro’s settings, then add action items.',
    );
  }
  const pm = PostmortemContentProperty.safeParse(property.value);
  if (!pm.success)
    throw new Refusal(
      'invalid-input',
      'This page’s postmortem record is damaged. Link the page to its incident again from the macro’s settings.',
    );
  if (pm.data.incidentKey !== incidentKey) {
    throw new Refusal(
      'conflict',
      `This page is linked to ${pm.data.incidentKey}, not ${incidentKey}. Reload the page to see its action items.`,
    );
  }
  return pageId;
}

export async function today(): Promise<{ today: string; settings: Awaited<ReturnType<typeof readSettings>>['settings'] }> {
  const { settings } = await readSettings();
  return { today: todayIn(settings.timeZone, clock.now()), settings };
}
