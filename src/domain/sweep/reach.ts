/**
 * A mail that goes to someone other than its intended reader (who cannot receive Jira mail for
 * it: docs/platform.md, Jira) says so at the top: the reason, in the subject and the body.
 */
import { html, oneLine } from '../html';
import type { RenderedMail } from './messages';

export function reroutedMail(mail: RenderedMail, why: string): RenderedMail {
  const text = oneLine(why, 600);
  return {
    subject: oneLine(`[Could not reach the owner] ${mail.subject}`, 200),
    textBody: `${text}\n\n${mail.textBody}`,
    htmlBody: `${html`<p style="border-left: 4px solid #FF8B00; padding-left: 8px"><b>${text}</b></p>`.toString()}${mail.htmlBody}`,
  };
}
