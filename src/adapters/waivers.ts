/**
 * Approvals of "Won't do" waivers, in app storage: the only proof that an item's manager approved
 * closing it without doing it. The issue property `postmortem-waiver` mirrors it for JQL and
 * display, but anyone who may edit the issue can rewrite that (docs/platform.md, Jira).
 */
import { z } from 'zod';
import { AccountId, IsoDateTime } from '../contracts/ids';
import * as storage from './storage';

const Record = z.object({ approvedBy: AccountId, approvedAt: IsoDateTime });
export type WaiverRecord = z.infer<typeof Record>;
const keyOf = (issueId: string) => `waiver:${issueId}`;

export async function readWaiverRecord(issueId: string): Promise<WaiverRecord | undefined> {
  return storage.read(keyOf(issueId), Record);
}

/** The records of several items (by issue id), in batches. */
export async function readWaiverRecords(issueIds: readonly string[]): Promise<Map<string, WaiverRecord>> {
  const out = new Map<string, WaiverRecord>();
  if (issueIds.length === 0) return out;
  const got = await storage.getMany(issueIds.map(keyOf));
  for (const id of issueIds) {
    const parsed = Record.safeParse(got.get(keyOf(id)));
    if (parsed.success) out.set(id, parsed.data);
  }
  return out;
}

export async function writeWaiverRecord(issueId: string, record: WaiverRecord): Promise<void> {
  await storage.set(keyOf(issueId), Record.parse(record));
}
