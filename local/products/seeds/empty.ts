/** The `empty` seed: a handful of people, an incident project, two team projects and a postmortem space; no issues, no pages besides the space home. */
import type { Db } from '../db';
import { addPage, addProject, addSpace, addUsers, setHomepage } from './builder';
import { docOf } from './adf';

export const EMPTY_USERS = {
  admin: '712020:5b1f0c36-1a0e-4d8e-9a57-0e2f3c4d5a01',
  lead: '712020:5b1f0c36-1a0e-4d8e-9a57-0e2f3c4d5a02',
  engineer: '712020:5b1f0c36-1a0e-4d8e-9a57-0e2f3c4d5a03',
  engineer2: '712020:5b1f0c36-1a0e-4d8e-9a57-0e2f3c4d5a04',
  outsider: '712020:5b1f0c36-1a0e-4d8e-9a57-0e2f3c4d5a05',
} as const;

export function seedEmpty(db: Db, now: Date): void {
  const t = now.getTime();
  const u = EMPTY_USERS;
  db.batch(() => {
    addUsers(db, [
      { accountId: u.admin, displayName: 'Alex Admin', emailAddress: 'alex.admin@example.com', active: true, siteAdmin: true },
      { accountId: u.lead, displayName: 'Lee Lead', emailAddress: 'lee.lead@example.com', active: true, siteAdmin: false },
      { accountId: u.engineer, displayName: 'Erin Engineer', emailAddress: 'erin.engineer@example.com', active: true, siteAdmin: false },
      { accountId: u.engineer2, displayName: 'Eddie Engineer', emailAddress: 'eddie.engineer@example.com', active: true, siteAdmin: false },
      { accountId: u.outsider, displayName: 'Olly Outsider', emailAddress: 'olly.outsider@example.com', active: true, siteAdmin: false },
    ]);
    const team = [u.admin, u.lead, u.engineer, u.engineer2];
    addProject(db, { key: 'INC', name: 'Incidents', lead: u.lead, members: team });
    addProject(db, { key: 'OPS', name: 'Operations', lead: u.lead, members: team });
    addProject(db, { key: 'OUT', name: 'Outsiders', lead: u.outsider, members: [u.outsider] });
    const space = addSpace(db, { key: 'PM', name: 'Postmortems', members: team, author: u.admin, createdAt: t });
    const home = addPage(db, {
      spaceId: space,
      title: 'Postmortems',
      adf: docOf(['Postmortems of our incidents.']),
      author: u.admin,
      createdAt: t,
    });
    setHomepage(db, space, home.id);
  });
}
