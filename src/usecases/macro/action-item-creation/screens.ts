/** Step 2: what each project's create screen accepts, as the caller; drafts for a project that cannot take them are refused. */
import * as jira from '../../../adapters/jira';
import type { DraftOutcome } from '../../../contracts/macro-actions';
import { screenFit, type ValidDraft } from '../../../domain/action-items';
import { failed, reason } from './outcomes';

/** The fields to leave out per project (the screen has none of them); removes from `valid` the drafts it refuses. */
export async function readCreateScreens(
  valid: ValidDraft[],
  issueType: string,
  outcomes: Map<string, DraftOutcome>,
): Promise<Map<string, { problem?: string; omit: string[] }>> {
  // What each project's create screen accepts, as the caller: send only that (docs/platform.md, Jira REST).
  const screens = new Map<string, { problem?: string; omit: string[] }>();
  for (const projectKey of new Set(valid.map((d) => d.projectKey))) {
    let meta: jira.CreateMeta;
    try {
      meta = await jira.createMeta('user', projectKey, issueType);
    } catch (err) {
      screens.set(projectKey, { problem: `Jira did not say what project ${projectKey} accepts (${reason(err)}). Try again.`, omit: [] });
      continue;
    }
    if (meta.kind === 'no-project')
      screens.set(projectKey, {
        problem: `You cannot create issues in project ${projectKey} (Jira answered ${meta.status}). Ask a project admin for access, or pick another project.`,
        omit: [],
      });
    else if (meta.kind === 'no-type')
      screens.set(projectKey, {
        problem: `Project ${projectKey} has no issue type "${issueType}" (it has ${meta.issueTypes.join(', ') || 'none you may create'}). Ask a Jira admin to fix the Postmortem settings, or pick another project.`,
        omit: [],
      });
    else screens.set(projectKey, screenFit(meta.fields, projectKey, issueType));
  }
  for (const d of [...valid]) {
    const problem = screens.get(d.projectKey)?.problem;
    if (!problem) continue;
    outcomes.set(
      d.creationKey,
      failed(d.creationKey, `Not created: ${problem} Fix it and create it again; nothing else was changed.`, { projectKey: problem }),
    );
    valid.splice(valid.indexOf(d), 1);
  }
  return screens;
}
