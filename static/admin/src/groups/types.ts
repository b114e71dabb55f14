/** What every settings group receives: the form, its setter and errors, the product calls and what the products offer. */
import type { ProjectOption, SiteOptions } from '@contracts/admin';
import type { AgendaOutcome } from '@contracts/agenda';
import type { AdminApi } from '../api';
import type { FieldErrors, SettingsForm } from '../admin-logic';

export type Setter = <K extends keyof SettingsForm>(key: K, value: SettingsForm[K]) => void;

export interface GroupProps {
  form: SettingsForm;
  set: Setter;
  errors: FieldErrors;
  api: AdminApi;
  /** What Jira and Confluence offer (issue types, link types, spaces); null until read, or when it cannot be. */
  options: SiteOptions | null;
  /** Projects whose names and leads are known (for chips and the lead fallback). */
  known: ProjectOption[];
  onKnown(p: ProjectOption): void;
  /** The weekly agenda page's last outcome, shown by its weekday field; null when there is none yet. */
  agenda: AgendaOutcome | null;
}
