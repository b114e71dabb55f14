/**
 * Every handler manifest.yml names, and nothing else. Function keys are kebab-case; each handler
 * is the camelCase export of the same name.
 */

// Custom UI resolvers
/** manifest: function `macro-resolver` (macro `postmortem-macro`) */
export { handler as macroResolver } from './resolvers/macro';
/** manifest: function `panel-resolver` (jira:issuePanel `postmortem-panel`, jira:issueContext `postmortem-context`) */
export { handler as panelResolver } from './resolvers/panel';
/** manifest: function `report-resolver` (jira:globalPage `postmortem-report`) */
export { handler as reportResolver } from './resolvers/report';
/** manifest: function `admin-resolver` (jira:adminPage `postmortem-settings`) */
export { handler as adminResolver } from './resolvers/admin';
/** manifest: function `agenda-resolver` (macro `postmortem-agenda`) */
export { handler as agendaResolver } from './resolvers/agenda';

// Macro export
/** manifest: function `macro-export` (macro `postmortem-macro` adfExport) */
export { macroExport } from './triggers/macro-export';

// Scheduled trigger and queue consumer
/** manifest: function `sweep-trigger` (scheduledTrigger `postmortem-sweep`) */
export { sweepTrigger } from './triggers/sweep';
/** manifest: function `sweep-retry` (scheduledTrigger `postmortem-sweep-retry`, hourly) */
export { sweepRetry } from './triggers/sweep';
/** manifest: function `sweep-consumer` (consumer `postmortem-sweep-consumer`) */
export { sweepConsumer } from './triggers/sweep';
