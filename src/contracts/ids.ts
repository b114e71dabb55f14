import { z } from 'zod';
import { dateInputProblem } from './dates';

/** Jira project key, e.g. `OPS`. */
export const ProjectKey = z
  .string()
  .regex(/^[A-Z][A-Z0-9_]{1,9}$/, 'A project key is 2–10 capital letters, digits or _ and starts with a letter, e.g. OPS.');
/** Jira issue key, e.g. `OPS-12`. */
export const IssueKey = z
  .string()
  .max(32)
  .regex(/^[A-Z][A-Z0-9_]{1,9}-[1-9][0-9]{0,8}$/, 'An issue key looks like OPS-12.');
/** Atlassian account id (opaque; letters, digits, `:` and `-`). */
export const AccountId = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9:_-]+$/, 'That is not an Atlassian account id.');
/** Confluence content id: digits. */
export const PageId = z.string().regex(/^[1-9][0-9]{0,18}$/, 'A Confluence page id is a number.');
/** Calendar date `YYYY-MM-DD` (Jira due dates are dates, not instants). */
export const IsoDate = z.iso.date({ message: 'Use a date in the form YYYY-MM-DD.' });
/** A date a person typed: a calendar date from the year 1900 on (`IsoDate` reads stored ones of any year). */
export const InputDate = z.string().superRefine((s, ctx) => {
  const problem = dateInputProblem(s);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

export const IsoDateTime = z.iso.datetime({ offset: true, message: 'Use an ISO 8601 date and time.' });

export type ProjectKey = z.infer<typeof ProjectKey>;
export type IssueKey = z.infer<typeof IssueKey>;
export type AccountId = z.infer<typeof AccountId>;
export type PageId = z.infer<typeof PageId>;
export type IsoDate = z.infer<typeof IsoDate>;
