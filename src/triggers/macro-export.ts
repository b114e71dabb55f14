/**
 * The macro's `adfExport` function (manifest function `macro-export`): reads the page and the
 * reader from the invocation and hands them to src/usecases/macro/export-postmortem.ts, which says
 * what PDF and Word exports of the page show.
 */
import { z } from 'zod';
import { AccountId, PageId } from '../contracts/ids';
import { exportPostmortem } from '../usecases/macro/export-postmortem';

const ExportEvent = z
  .object({
    context: z
      .object({
        extension: z
          .object({ content: z.object({ id: z.union([z.string(), z.number()]).transform(String).pipe(PageId) }).loose() })
          .loose(),
      })
      .loose()
      .optional(),
    siteUrl: z.string().optional(),
  })
  .loose();

/** The invocation's context (Forge's second argument): who is exporting, when someone is. */
const InvocationContext = z.object({ principal: z.object({ accountId: AccountId }).loose().nullish() }).loose();

export async function macroExport(event: unknown, invocation?: unknown): Promise<unknown> {
  const parsed = ExportEvent.safeParse(event);
  const pageId = parsed.success ? parsed.data.context?.extension.content.id : undefined;
  const reader = InvocationContext.safeParse(invocation);
  const principal = pageId && reader.success ? (reader.data.principal ?? undefined) : undefined;
  const siteUrl = parsed.success
    ? (parsed.data.siteUrl ?? (parsed.data.context as Record<string, unknown> | undefined)?.siteUrl)
    : undefined;
  return exportPostmortem(pageId, principal, typeof siteUrl === 'string' ? siteUrl : undefined);
}
