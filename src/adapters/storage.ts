/** App storage (`@forge/kvs`): settings and sweep run summaries, zod-parsed on every read. */
import { kvs } from '@forge/kvs';
import { DEFAULT_SETTINGS, Settings } from '../contracts/settings';

const SETTINGS_KEY = 'settings:v1';

export type SettingsRead = { settings: Settings; stored: boolean; invalid?: string };

/** The site's settings; the defaults when none are stored or what is stored no longer parses. */
export async function readSettings(): Promise<SettingsRead> {
  const raw = await kvs.get<unknown>(SETTINGS_KEY);
  if (raw === undefined) return { settings: DEFAULT_SETTINGS, stored: false };
  const parsed = Settings.safeParse(raw);
  if (!parsed.success) return { settings: DEFAULT_SETTINGS, stored: true, invalid: parsed.error.message };
  return { settings: parsed.data, stored: true };
}

export async function writeSettings(settings: Settings): Promise<void> {
  await kvs.set(SETTINGS_KEY, Settings.parse(settings));
}
