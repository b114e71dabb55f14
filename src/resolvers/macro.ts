/** Resolver of the Postmortem macro (manifest function `macro-resolver`). */
import * as clock from '../adapters/clock';
import * as confluence from '../adapters/confluence';
import * as jira from '../adapters/jira';
import { readSettings } from '../adapters/storage';
import { PostmortemContentProperty, POSTMORTEM_PROPERTY_KEY } from '../contracts/properties';
import type { IncidentSummary } from '../contracts/common';
import { MACRO_CALLS } from '../contracts/macro';
import { describeDue, dueState, todayIn } from '../domain/dates';
import { pageIdOf } from './context';
import { Refusal, surface } from './define';
import { INCIDENT_FIELDS, toIncidentSummary } from './incident';

const macro = surface('macro-resolver');

macro.define(MACRO_CALLS.getOverview, async ({ context }) => {
  const pageId = pageIdOf(context);
  const { settings } = await readSettings();
  const today = todayIn(settings.timeZone, clock.now());
  const property = await confluence.getPageProperty('user', pageId, POSTMORTEM_PROPERTY_KEY);
  if (!property) return { pageId, today, link: null };
  const postmortem = PostmortemContentProperty.safeParse(property.value);
  if (!postmortem.success) {
    throw new Refusal('invalid-input', 'This page’s postmortem record is damaged. Link the page to its incident again from the macro’s settings.');
  }
  const issue = await jira.getIssue('user', postmortem.data.incidentKey, INCIDENT_FIELDS);
  const incident: IncidentSummary | null = issue ? toIncidentSummary(issue) : null;
  return {
    pageId,
    today,
    link: { incident, postmortem: postmortem.data, due: describeDue(dueState(postmortem.data.dueDate, today), 'late by') },
  };
});

export const handler = macro.handler();
