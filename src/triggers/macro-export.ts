/**
 * The macro's `adfExport` function: what PDF and Word exports of the page show in place of the
 * Custom UI (which cannot render in a document).
 */
import { doc, p, strong, text } from '@atlaskit/adf-utils/builders';
import { z } from 'zod';
import * as confluence from '../adapters/confluence';
import { PostmortemContentProperty, POSTMORTEM_PROPERTY_KEY } from '../contracts/properties';

const ExportEvent = z
  .object({
    context: z.object({ extension: z.object({ content: z.object({ id: z.string() }).loose() }).loose() }).loose().optional(),
    extensionPayload: z.object({ exportType: z.string().optional() }).loose().optional(),
  })
  .loose();

export async function macroExport(event: unknown): Promise<unknown> {
  const parsed = ExportEvent.safeParse(event);
  const pageId = parsed.success ? parsed.data.context?.extension.content.id : undefined;
  if (!pageId) return doc(p(text('Postmortem: this page is not linked to an incident.')));
  const property = await confluence.getPageProperty('app', pageId, POSTMORTEM_PROPERTY_KEY);
  const pm = PostmortemContentProperty.safeParse(property?.value);
  if (!pm.success) return doc(p(text('Postmortem: this page is not linked to an incident.')));
  return doc(
    p(strong('Incident: '), text(pm.data.incidentKey)),
    p(strong('Status: '), text(pm.data.status)),
    p(strong('Due: '), text(pm.data.dueDate)),
  );
}
