/**
 * Settings and their change history in app storage (through the storage gateway), zod-parsed on
 * every read.
 *
 * The change history is one list (newest first, at most `SETTINGS_HISTORY_KEPT` entries) kept
 * under its own key; each entry says who changed what, and when. Entries are bounded so the list
 * stays far inside a KVS value's 240 KiB.
 */
import { SettingsChange, SETTINGS_HISTORY_KEPT } from '../contracts/admin';
import { DEFAULT_SETTINGS, Settings } from '../contracts/settings';
import { z } from 'zod';
import * as storage from './storage';

const SETTINGS_KEY = 'settings:v1';
const HISTORY_KEY = 'settings-history:v1';

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

/**
 * Saves new settings and records the change (who, when, what). Writes the settings first: a
 * failure between the two writes loses a history line, never a setting.
 */
export async function saveSettings(next: Settings, change: SettingsChange): Promise<SettingsChange[]> {
  await writeSettings(next);
  const history = [SettingsChange.parse(change), ...(await readSettingsHistory())].slice(0, SETTINGS_HISTORY_KEPT);
  await storage.set(HISTORY_KEY, history);
  return history;
}
