/**
 * Settings and their change history in app storage (through the storage gateway), zod-parsed on
 * every read.
 *
 * The change history is one list (newest first, at most `SETTINGS_HISTORY_KEPT` entries) kept
 * under its own key; each entry says who changed what, and when. Entries are bounded so the list
 * stays far inside a KVS value's 240 KiB.
 *
 * Saves are versioned so that two admins saving at once cannot lose a change or its record: the
 * version (who saved it, when) has its own key, and a save first claims the next version with
 * FAIL_IF_EXISTS. Only one save can claim it; the other, or a save made from a page loaded before
 * the last save, is refused as a conflict. A claim left by a save that died is taken over once it
 * is older than any request can live.
 */
import { SettingsChange, SETTINGS_HISTORY_KEPT } from '../contracts/admin';
import { DEFAULT_SETTINGS, Settings } from '../contracts/settings';
import { z } from 'zod';
import * as storage from './storage';

const SETTINGS_KEY = 'settings:v1';
const HISTORY_KEY = 'settings-history:v1';
const VERSION_KEY = 'settings-version:v1';
const SAVE_CLAIM_PREFIX = 'settings-save:';
const SAVE_CLAIM_TTL = { ttlSeconds: 600 } as const;
/** A resolver invocation lives at most 25 s: an older save claim belongs to a save that died. */
const SAVE_STALE_AFTER_MS = 60_000;

/** The settings' version: 0 before the first save, then one more per save. */
export const SettingsVersion = z.object({
  version: z.number().int().min(1),
  at: z.string(),
  accountId: z.string(),
  displayName: z.string(),
});
export type SettingsVersion = z.infer<typeof SettingsVersion>;
const SaveClaim = z.object({ accountId: z.string(), claimedAt: z.number() });

export type SettingsRead = { settings: Settings; stored: boolean; invalid?: string };

/** The site's settings; the defaults when none are stored or what is stored no longer parses. */
export async function readSettings(): Promise<SettingsRead> {
  const raw = await storage.get(SETTINGS_KEY);
  if (raw === undefined) return { settings: DEFAULT_SETTINGS, stored: false };
  const parsed = Settings.safeParse(raw);
  if (!parsed.success) return { settings: DEFAULT_SETTINGS, stored: true, invalid: parsed.error.message };
  return { settings: parsed.data, stored: true };
}

export async function writeSettings(settings: Settings): Promise<void> {
  await storage.set(SETTINGS_KEY, Settings.parse(settings));
}

const History = z.array(SettingsChange);

/** The recorded changes, newest first; an unreadable history reads as empty rather than failing the page. */
export async function readSettingsHistory(): Promise<SettingsChange[]> {
  const history = await storage.read(HISTORY_KEY, History);
  return history ? history.slice(0, SETTINGS_HISTORY_KEPT) : [];
}

/** Who saved the settings last, and their version; undefined before the first (versioned) save. */
export async function readSettingsVersion(): Promise<SettingsVersion | undefined> {
  return storage.read(VERSION_KEY, SettingsVersion);
}

/** Claims the save that makes `version`; false while another live save holds it. */
async function claimSave(version: number, claim: z.infer<typeof SaveClaim>): Promise<boolean> {
  const key = SAVE_CLAIM_PREFIX + version;
  if (await storage.setIfAbsent(key, claim, SAVE_CLAIM_TTL)) return true;
  const held = await storage.read(key, SaveClaim);
  if (held && claim.claimedAt - held.claimedAt <= SAVE_STALE_AFTER_MS) return false;
  await storage.set(key, claim, SAVE_CLAIM_TTL);
  return true;
}

export type SaveOutcome =
  | { saved: true; history: SettingsChange[]; version: number }
  /** Someone saved first: `latest` is their save (undefined when a save is under way right now). */
  | { saved: false; latest: SettingsVersion | undefined };

/**
 * Saves new settings and records the change (who, when, what), if the stored settings are still at
 * `expectedVersion` (the version the person's page showed; omitted: whatever is stored now) and no
 * other save is under way. Writes the settings, then the version, then the history line.
 */
export async function saveSettings(next: Settings, change: SettingsChange, expectedVersion?: number): Promise<SaveOutcome> {
  const record = SettingsChange.parse(change);
  const current = await readSettingsVersion();
  const version = current?.version ?? 0;
  if (expectedVersion !== undefined && expectedVersion !== version) return { saved: false, latest: current };
  if (!(await claimSave(version + 1, { accountId: record.accountId, claimedAt: Date.parse(record.at) })))
    return { saved: false, latest: undefined };
  await writeSettings(next);
  await storage.set(
    VERSION_KEY,
    SettingsVersion.parse({ version: version + 1, at: record.at, accountId: record.accountId, displayName: record.displayName }),
  );
  const history = [record, ...(await readSettingsHistory())].slice(0, SETTINGS_HISTORY_KEPT);
  await storage.set(HISTORY_KEY, history);
  return { saved: true, history, version: version + 1 };
}
