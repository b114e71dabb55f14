/** Reads what the Forge context says about where a surface is shown. Untrusted shapes are zod-parsed. */
import { z } from 'zod';
import { IssueKey, PageId } from '../contracts/ids';
import type { Caller, IssueCaller, PageCaller } from '../usecases/caller';
import { Refusal } from '../usecases/refusal';
import type { ForgeContext, Invocation } from './define';

const MacroExtension = z.object({ content: z.object({ id: z.union([z.string(), z.number()]).transform(String).pipe(PageId) }) }).loose();
const IssueExtension = z.object({ issue: z.object({ key: IssueKey }).loose() }).loose();

/** The id of the Confluence page the macro is on. */
export function pageIdOf(context: ForgeContext): string {
  const parsed = MacroExtension.safeParse(context.extension);
  if (!parsed.success)
    throw new Refusal('invalid-input', 'This macro is not on a saved Confluence page yet. Publish the page, then try again.');
  return parsed.data.content.id;
}

/** The key of the Jira issue the panel is shown on. */
export function issueKeyOf(context: ForgeContext): string {
  const parsed = IssueExtension.safeParse(context.extension);
  if (!parsed.success) throw new Refusal('invalid-input', 'The Postmortem panel could not tell which issue it is on. Reload the issue.');
  return parsed.data.issue.key;
}

const SiteUrl = z.url({ protocol: /^https?$/ });

/** The site's base URL from the Forge context (e.g. https://acme.atlassian.net), without a trailing slash. */
export function siteUrlOf(context: ForgeContext): string | undefined {
  const parsed = SiteUrl.safeParse(context.siteUrl);
  return parsed.success ? parsed.data.replace(/\/+$/, '') : undefined;
}

/** The caller of a surface shown on no particular issue or page (the report). */
export function asCaller(inv: Invocation<unknown>): Caller {
  return { accountId: inv.accountId, siteUrl: siteUrlOf(inv.context) };
}

/** The caller of a surface on an issue, and the issue (from the Forge context; refused when it names none). */
export function onIssue(inv: Invocation<unknown>): IssueCaller {
  return { accountId: inv.accountId, siteUrl: siteUrlOf(inv.context), issueKey: issueKeyOf(inv.context) };
}

/** The caller of the macro, and the page it is on (from the Forge context; refused when unsaved). */
export function onPage(inv: Invocation<unknown>): PageCaller {
  return { accountId: inv.accountId, siteUrl: siteUrlOf(inv.context), pageId: pageIdOf(inv.context), config: inv.context.extension.config };
}
