/** The settings page: the settings, their change history, the sweep's last runs, the agenda page's last outcome and the names they show. */
import { readAgendaOutcome } from '../../adapters/agenda';
import * as jira from '../../adapters/jira';
import type { AgendaOutcome } from '../../contracts/agenda';
import { readSettings, readSettingsHistory, readSettingsVersion } from '../../adapters/settings';
import { readSweepRuns } from '../../adapters/sweep-runs';
import type { SweepRunSummary } from '../../contracts/sweep';
import { contactIds, projectKeysNamed } from '../../domain/settings';
import type { Output } from '../types';
import { personNames, requireJiraAdmin } from './require-jira-admin';

/** The sweep's last runs, newest first; null when they cannot be read (the page says so). */
async function sweepRuns(): Promise<SweepRunSummary[] | null> {
  try {
    return await readSweepRuns();
  } catch (err) {
    console.error('admin: could not read the sweep runs', err);
    return null;
  }
}

/** The agenda page's last outcome; null when there is none or it cannot be read (the page says none yet). */
async function agendaOutcome(): Promise<AgendaOutcome | null> {
  try {
    return (await readAgendaOutcome()) ?? null;
  } catch (err) {
    console.error('admin: could not read the agenda outcome', err);
    return null;
  }
}

export async function getSettingsOverview(): Promise<Output<'admin-resolver', 'getOverview'>> {
  await requireJiraAdmin();
  const [read, history, runs, version, agenda] = await Promise.all([
    readSettings(),
    readSettingsHistory(),
    sweepRuns(),
    readSettingsVersion(),
    agendaOutcome(),
  ]);
  const ids = contactIds(read.settings);
  const keys = projectKeysNamed(read.settings);
  const [people, projects] = await Promise.all([
    ids.length ? jira.bulkUsers('user', ids) : Promise.resolve([]),
    keys.length ? jira.searchProjects('user', { keys }) : Promise.resolve([]),
  ]);
  return {
    settings: read.settings,
    stored: read.stored,
    invalid: read.invalid,
    canEdit: true,
    people: personNames(people),
    projects,
    history,
    sweepRuns: runs,
    agenda,
    version: version?.version ?? 0,
  };
}
