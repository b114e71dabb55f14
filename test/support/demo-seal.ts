/**
 * An incident's `postmortem` record sealed as the app seals it on the demo site, whose seal key
 * the demo seed fixes (local/products/seeds/demo.ts): for tests that need a record the app would
 * have written (e.g. a postmortem sent to review) without walking the macro. The text is
 * `postmortemSealedText` (src/domain/postmortem/seal.ts).
 */
import { createHmac } from 'node:crypto';
import { postmortemSealedText } from '../../src/domain/postmortem/seal';
import { PostmortemIssueProperty } from '../../src/contracts/properties';

const DEMO_SEAL_KEY = Buffer.alloc(32, 7);

export function sealedAsTheDemoApp(issueId: string, record: PostmortemIssueProperty): PostmortemIssueProperty {
  const value = PostmortemIssueProperty.parse(record);
  return { ...value, seal: createHmac('sha256', DEMO_SEAL_KEY).update(postmortemSealedText(issueId, value), 'utf8').digest('base64url') };
}
