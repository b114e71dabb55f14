/** The postmortem document: template, sections, checks, timeliness, review workflow, export. Pure. */
export * from './adf';
export * from './template';
export * from './macro';
export * from './sections';
export * from './check';
export * from './hosts';
export * from './language';
export * from './timeliness';
export * from './review';
export * from './export';
export * from './outcome';
export * from './link';
export * from './timeline';
export * from './factors';
export * from './review-mails';
export * from './seal';
