/**
 * Approvals of "Won't do" waivers. The issue property `postmortem-waiver` mirrors a waiver for JQL
 * and display, but anyone who may edit the issue can rewrite it (docs/platform.md, Jira), so an
 * approval there counts only with its seal: an HMAC-SHA256 (Node's `crypto`, docs/platform.md,
 * Forge runtime) of what was approved, keyed by a random key the app keeps in its encrypted store
 * (`kvs.getSecret`, never shown, never in a payload or an event). Reading the key is one storage
 * read per invocation, whatever the number of items checked (docs/decisions/0015). App storage also
 * keeps each approval's record (`waiver:<issueId>`): the panel's proof, and the sealed mirror to
 * write back when someone overwrote it.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { AccountId, IsoDateTime } from '../contracts/ids';
import { WaiverProperty } from '../contracts/properties';
import * as storage from './storage';

const Record = z.object({ approvedBy: AccountId, approvedAt: IsoDateTime, mirror: WaiverProperty.optional() });
export type WaiverRecord = z.infer<typeof Record>;
const keyOf = (issueId: string) => `waiver:${issueId}`;

/** The encrypted store's key holding the seal key (32 random bytes, base64). */
export const SEAL_KEY = 'waiver-seal-key';
const SealKey = z.string().regex(/^[A-Za-z0-9+/]{43}=$/);

export async function readWaiverRecord(issueId: string): Promise<WaiverRecord | undefined> {
  return storage.read(keyOf(issueId), Record);
}

export async function writeWaiverRecord(issueId: string, record: WaiverRecord): Promise<void> {
  await storage.set(keyOf(issueId), Record.parse(record));
}

function sealWith(key: Buffer, text: string): string {
  return createHmac('sha256', key).update(text, 'utf8').digest('base64url');
}

async function readKey(): Promise<Buffer | undefined> {
  const parsed = SealKey.safeParse(await storage.getSecret(SEAL_KEY));
  return parsed.success ? Buffer.from(parsed.data, 'base64') : undefined;
}

/** Checks a seal against the text it should seal (src/domain/waivers.ts, `sealedText`). */
export type SealCheck = (text: string, seal: string) => boolean;

/** A check with the app's key, read once (no key yet: nothing was ever sealed, no seal verifies). */
export async function readSealCheck(): Promise<SealCheck> {
  const key = await readKey();
  return (text, seal) => {
    if (!key) return false;
    const want = Buffer.from(sealWith(key, text));
    const got = Buffer.from(seal);
    return got.length === want.length && timingSafeEqual(got, want);
  };
}

/** The seal of `text`; makes the app's key on the first use (a conditional write). */
export async function sealOf(text: string): Promise<string> {
  let key = await readKey();
  if (!key) {
    await storage.setSecretIfAbsent(SEAL_KEY, randomBytes(32).toString('base64'));
    // Whoever won the race wrote the key both use.
    key = await readKey();
    if (!key) throw new Error('The key that seals waiver approvals could not be stored.');
  }
  return sealWith(key, text);
}
