/** The settings page's product calls (ports): main.tsx wires them to the resolver; tests can pass plain functions. */
import type { AdminOverview, PersonOption, ProjectOption, SaveSettingsResult, SiteOptions } from '@contracts/admin';
import type { Envelope } from '@contracts/resolver';
import type { Settings } from '@contracts/settings';

export interface AdminApi {
  getOverview(): Promise<Envelope<AdminOverview>>;
  /** `version`: the settings' version this page shows; the save is refused (conflict) if someone saved since. */
  saveSettings(settings: Settings, version: number): Promise<Envelope<SaveSettingsResult>>;
  searchUsers(query: string): Promise<Envelope<{ users: PersonOption[] }>>;
  searchProjects(query: string): Promise<Envelope<{ projects: ProjectOption[] }>>;
  /** The link types, issue types and spaces the products offer (the pickers); without it the fields are free text. */
  getSiteOptions?(): Promise<Envelope<SiteOptions>>;
}
