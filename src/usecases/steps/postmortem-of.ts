import { readPostmortemEvidence } from '../../adapters/postmortem-pages';
import type { PanelPostmortem } from '../../contracts/panel';
import { postmortemDue, verifyPostmortemLinks } from '../../domain/postmortem';

/**
 * The incident's postmortem, only when its issue property is confirmed, as the viewer, by the page
 * it names (`verifyPostmortemLinks`): the link is built from the page id, the title is the page's
 * own. A viewer who may not open the page is shown none (so never its title).
 */
export async function postmortemOf(
  incidentKey: string,
  raw: unknown,
  today: string,
  siteUrl: string | undefined,
  timeZone: string,
): Promise<PanelPostmortem | null> {
  if (raw === undefined || raw === null) return null;
  const evidence = await readPostmortemEvidence([{ incidentKey, issueProperty: raw }], { as: 'user' });
  const pm = verifyPostmortemLinks(evidence, siteUrl).get(incidentKey);
  if (!pm) return null;
  return { ...pm, ...postmortemDue(pm, today, timeZone) };
}
