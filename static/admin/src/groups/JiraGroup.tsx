/** Settings group "Jira": which issues are incidents, where action items go and how they are linked. */
import { ChoicesField, SelectField, SiteOptionField, TextField } from '../fields';
import { splitList } from '../admin-logic';
import { ProjectsPicker } from '../pickers';
import type { GroupProps } from './types';

export function JiraGroup({ form, set, errors, api, options, known, onKnown }: GroupProps) {
  return (
    <>
      <section className="section card" aria-labelledby="incidents-title">
        <h2 id="incidents-title">Incidents</h2>
        <div className="two-col">
          {options ? (
            <ChoicesField
              field="incidentFilter.issueTypes"
              label="Incident issue types"
              help="Issues of the types ticked are incidents."
              choices={options.issueTypes}
              value={form.issueTypes}
              onChange={(v) => set('issueTypes', v)}
              errors={errors}
            />
          ) : (
            <TextField
              field="incidentFilter.issueTypes"
              label="Incident issue types"
              help="Issues of these types are incidents. Separate with commas, e.g. Incident, Major incident."
              value={form.issueTypes}
              onChange={(v) => set('issueTypes', v)}
              errors={errors}
            />
          )}
          <ProjectsPicker
            field="incidentFilter.projectKeys"
            label="Incident projects"
            help="Empty: incidents in every project."
            value={form.incidentProjectKeys}
            onChange={(v) => set('incidentProjectKeys', v)}
            known={known}
            onKnown={onKnown}
            api={api}
            errors={errors}
          />
        </div>
      </section>

      <section className="section card" aria-labelledby="actions-title">
        <h2 id="actions-title">Action items</h2>
        <div className="two-col">
          <ProjectsPicker
            field="actionItems.projectKeys"
            label="Action-item projects"
            help="Projects action items may be created in. Empty: any."
            value={form.actionProjectKeys}
            onChange={(v) => set('actionProjectKeys', v)}
            known={known}
            onKnown={onKnown}
            api={api}
            errors={errors}
          />
          {splitList(form.actionProjectKeys).length > 0 ? (
            <SelectField
              field="actionItems.defaultProjectKey"
              label="Default project"
              help="Offered first when creating an action item: one of the action-item projects, or none."
              options={['', ...splitList(form.actionProjectKeys).map((k) => k.toUpperCase())]}
              value={form.defaultProjectKey.trim().toUpperCase()}
              onChange={(v) => set('defaultProjectKey', v)}
              errors={errors}
            />
          ) : (
            <TextField
              field="actionItems.defaultProjectKey"
              label="Default project"
              help="Offered first when creating an action item (a project key). Optional."
              value={form.defaultProjectKey}
              onChange={(v) => set('defaultProjectKey', v)}
              errors={errors}
            />
          )}
          <SiteOptionField
            field="actionItems.issueType"
            label="Action-item issue type"
            help="Jira's issue types."
            textHelp="e.g. Task."
            options={options?.issueTypes}
            value={form.actionIssueType}
            onChange={(v) => set('actionIssueType', v)}
            errors={errors}
          />
          <SiteOptionField
            field="linkType"
            label="Link type"
            help="Issue link between an incident and its action items."
            textHelp="Issue link between an incident and its action items, e.g. Relates."
            options={options?.linkTypes}
            value={form.linkType}
            onChange={(v) => set('linkType', v)}
            errors={errors}
          />
        </div>
      </section>
    </>
  );
}
