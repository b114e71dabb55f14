/**
 * The `demo` seed: a believable site (documented in SEED.md). Every date is relative to the
 * clock's now at reset time, so "due today" is due today whenever the seed is loaded.
 */
import { createHmac } from 'node:crypto';
import type { SeedAppSetup } from '../../site-api';
import type { Db } from '../db';
import { BASE_URL, CREATE_FIELDS } from '../model';
import {
  DAY,
  addChange,
  addComment,
  addContentProperty,
  addIssue,
  addLink,
  addPage,
  addProject,
  addSpace,
  addUsers,
  isoDate,
  setHomepage,
} from './builder';
import { docOf, h, macro, p } from './adf';

/** The Forge app id in manifest.yml and the environment id the local site uses. */
export const APP_UUID = '5d0c3e1a-7f3b-4c2e-9a61-2b8f0d4e6a17';
export const LOCAL_ENVIRONMENT_ID = 'local-development';

const U = (n: string) => `712020:7d3c9a2e-0b5f-4e61-9c1d-${n.padStart(12, '0')}`;

/** Who is who in the demo seed. */
export const DEMO = {
  users: {
    priya: {
      accountId: U('1'),
      displayName: 'Priya Raman',
      emailAddress: 'priya.raman@example.com',
      role: 'VP Engineering, site admin (Jira administrator); second-tier escalation contact',
    },
    grace: {
      accountId: U('2'),
      displayName: 'Grace Okafor',
      emailAddress: 'grace.okafor@example.com',
      role: 'Platform engineering manager; lead of PLAT and INC',
    },
    marcus: {
      accountId: U('3'),
      displayName: 'Marcus Chen',
      emailAddress: 'marcus.chen@example.com',
      role: 'Payments engineering manager; lead of PAY; owner of the INC-3 postmortem',
    },
    daniel: {
      accountId: U('4'),
      displayName: 'Daniel Kim',
      emailAddress: 'daniel.kim@example.com',
      role: 'Mobile engineering manager; lead of MOB',
    },
    sofia: {
      accountId: U('5'),
      displayName: 'Sofia Alvarez',
      emailAddress: 'sofia.alvarez@example.com',
      role: 'Payments engineer; on call for INC-3',
    },
    liam: { accountId: U('6'), displayName: "Liam O'Connor", emailAddress: 'liam.oconnor@example.com', role: 'Payments engineer' },
    tom: { accountId: U('7'), displayName: 'Tom Becker', emailAddress: 'tom.becker@example.com', role: 'Platform engineer (SRE)' },
    aiko: { accountId: U('8'), displayName: 'Aiko Tanaka', emailAddress: 'aiko.tanaka@example.com', role: 'Platform engineer' },
    elena: {
      accountId: U('9'),
      displayName: 'Elena Petrova',
      emailAddress: 'elena.petrova@example.com',
      role: 'Mobile engineer; on call for INC-4',
    },
    noah: {
      accountId: U('10'),
      displayName: 'Noah Fischer',
      emailAddress: 'noah.fischer@example.com',
      role: 'Contractor on the Mobile team: member of MOB only, not of INC, PAY, PLAT or the PM space (permission demos)',
    },
    olivia: {
      accountId: U('11'),
      displayName: 'Olivia Hart',
      emailAddress: 'olivia.hart@example.com',
      role: 'Former Payments engineer: inactive account',
    },
    hannah: {
      accountId: U('12'),
      displayName: 'Hannah Weber',
      emailAddress: 'hannah.weber@example.com',
      role: 'Customer support lead: browses INC and reads the PM space but may not edit it (permission demos)',
    },
  },
  projects: {
    INC: 'Incidents (lead Grace Okafor): every engineer and manager except Noah; Hannah may only browse (the browse-only role: she sees the incidents but may not create, edit, assign, link or transition them)',
    PAY: 'Payments (lead Marcus Chen): Marcus, Sofia, Liam, Olivia, Priya, Grace',
    PLAT: 'Platform (lead Grace Okafor): Grace, Tom, Aiko, Priya, Marcus; its create screen has no Priority field (creating an issue with a priority answers 400)',
    MOB: 'Mobile (lead Daniel Kim): Daniel, Elena, Noah, Priya',
  },
  spaces: { PM: 'Postmortems: every engineer and manager may edit; Hannah may only read; Noah may not see it' },
  groups: { reviewers: { name: 'postmortem-reviewers', members: 'Grace Okafor and Priya Raman (who run the review meeting)' } },
} as const;

type Who = keyof typeof DEMO.users;
/** Members of the Jira group `postmortem-reviewers`. */
const REVIEWERS_GROUP_MEMBERS: readonly Who[] = ['grace', 'priya'];
const id = (w: Who): string => DEMO.users[w].accountId;

export function seedDemo(db: Db, now: Date, baseUrl: string = BASE_URL): void {
  const t = now.getTime();
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const at = (daysAgo: number, hour = 9, minute = 0) => today - daysAgo * DAY + hour * 3_600_000 + minute * 60_000;
  const due = (daysFromToday: number) => isoDate(today + daysFromToday * DAY);

  db.batch(() => {
    addUsers(
      db,
      (Object.keys(DEMO.users) as Who[]).map((w) => ({
        accountId: id(w),
        displayName: DEMO.users[w].displayName,
        emailAddress: DEMO.users[w].emailAddress,
        active: w !== 'olivia',
        siteAdmin: w === 'priya',
        ...(REVIEWERS_GROUP_MEMBERS.includes(w) ? { groups: [DEMO.groups.reviewers.name] } : {}),
      })),
    );
    const all: Who[] = ['priya', 'grace', 'marcus', 'daniel', 'sofia', 'liam', 'tom', 'aiko', 'elena', 'olivia'];
    addProject(db, { key: 'INC', name: 'Incidents', lead: id('grace'), members: all.map(id), browsers: [id('hannah')] });
    addProject(db, {
      key: 'PAY',
      name: 'Payments',
      lead: id('marcus'),
      members: (['marcus', 'sofia', 'liam', 'olivia', 'priya', 'grace'] as Who[]).map(id),
    });
    addProject(db, {
      key: 'PLAT',
      name: 'Platform',
      lead: id('grace'),
      members: (['grace', 'tom', 'aiko', 'priya', 'marcus'] as Who[]).map(id),
      createFields: CREATE_FIELDS.filter((f) => f !== 'priority'),
    });
    addProject(db, { key: 'MOB', name: 'Mobile', lead: id('daniel'), members: (['daniel', 'elena', 'noah', 'priya'] as Who[]).map(id) });

    // --- incidents
    const inc1 = addIssue(db, {
      project: 'INC',
      type: 'Incident',
      status: 'done',
      priority: 'High',
      reporter: id('tom'),
      assignee: id('tom'),
      summary: 'Status page unreachable during DNS provider outage',
      description: 'The public status page returned NXDOMAIN for 35 minutes while the DNS provider had an outage.',
      created: at(75, 14),
      resolved: at(75, 15),
    });
    const inc2 = addIssue(db, {
      project: 'INC',
      type: 'Incident',
      status: 'done',
      priority: 'Medium',
      reporter: id('elena'),
      assignee: id('elena'),
      summary: 'Push notifications delayed by up to 2 hours on Android',
      description: 'A certificate rotation on the push gateway left Android deliveries queued.',
      created: at(52, 8),
      resolved: at(51, 11),
    });
    const inc3 = addIssue(db, {
      project: 'INC',
      type: 'Incident',
      status: 'done',
      priority: 'Highest',
      reporter: id('sofia'),
      assignee: id('sofia'),
      summary: 'Checkout failures: payment gateway connection pool exhausted',
      description:
        'Between 14:05 and 15:20 UTC about 18% of card payments failed at checkout because the gateway client ran out of pooled connections after a config change.',
      created: at(24, 14, 5),
      resolved: at(24, 15, 20),
      watchers: [id('marcus')],
    });
    const inc4 = addIssue(db, {
      project: 'INC',
      type: 'Incident',
      status: 'done',
      priority: 'High',
      reporter: id('elena'),
      assignee: id('elena'),
      summary: 'Mobile app login failures after token-service deploy',
      description:
        'iOS and Android clients could not refresh sessions for 40 minutes after a token-service deploy changed the signing key id.',
      created: at(2, 7, 30),
      resolved: at(2, 8, 10),
    });
    // INC-4's history, as Jira recorded it: the postmortem's timeline is drafted from it.
    addChange(db, inc4, id('elena'), at(2, 7, 33), [
      { field: 'assignee', from: null, fromString: null, to: id('elena'), toString: DEMO.users.elena.displayName },
    ]);
    addChange(db, inc4, id('elena'), at(2, 7, 34), [
      { field: 'status', from: '10000', fromString: 'To Do', to: '3', toString: 'In Progress' },
    ]);
    addComment(db, inc4, id('aiko'), at(2, 7, 40), 'The auth dashboard shows 401s from the token service since the deploy.');
    addChange(db, inc4, id('daniel'), at(2, 7, 41), [{ field: 'priority', from: '3', fromString: 'Medium', to: '2', toString: 'High' }]);
    addComment(db, inc4, id('tom'), at(2, 7, 52), '[timeline] Rolled the token service back to the previous release.');
    addComment(db, inc4, id('elena'), at(2, 8, 5), '[timeline] Login success rate back to normal on iOS and Android.');
    addChange(db, inc4, id('elena'), at(2, 8, 10), [
      { field: 'status', from: '3', fromString: 'In Progress', to: '10001', toString: 'Done' },
      { field: 'resolution', from: null, fromString: null, to: '10000', toString: 'Done' },
    ]);
    addIssue(db, {
      project: 'INC',
      type: 'Incident',
      status: 'indeterminate',
      priority: 'Medium',
      reporter: id('tom'),
      assignee: id('aiko'),
      summary: 'Elevated error rate on the search API',
      description: 'Search API 5xx rate at 2% since this morning; investigating.',
      created: t - 3 * 3_600_000,
    });
    void inc1;
    void inc2;

    // --- the postmortem of INC-3, in review
    const space = addSpace(db, {
      key: 'PM',
      name: 'Postmortems',
      members: all.map(id),
      viewers: [id('hannah')],
      author: id('priya'),
      createdAt: at(400),
    });
    const home = addPage(db, {
      spaceId: space,
      title: 'Postmortems',
      adf: docOf([h(1, 'Postmortems'), 'Every incident gets a blameless postmortem within a week. Ask in #incidents if you need help.']),
      author: id('priya'),
      createdAt: at(400),
    });
    setHomepage(db, space, home.id);
    if (home.id !== DEMO_PM_HOME_PAGE_ID)
      throw new Error(`The demo's PM home page is ${home.id}, not ${DEMO_PM_HOME_PAGE_ID}: update the constant.`);
    const pmTitle = 'Postmortem: INC-3 Checkout failures (payment gateway connection pool)';
    const incidentDate = isoDate(at(24));
    const pmDue = isoDate(at(24) + 7 * DAY);
    const page = addPage(db, {
      spaceId: space,
      parentId: home.id,
      title: pmTitle,
      author: id('marcus'),
      createdAt: at(23, 10),
      edits: [
        { by: id('sofia'), at: at(22, 16), message: 'Timeline and contributing factors' },
        { by: id('marcus'), at: at(19, 11), message: 'Action items; ready for review' },
      ],
      labels: ['postmortem', 'payments'],
      adf: {
        type: 'doc',
        version: 1,
        content: [
          {
            ...macro('pm-macro-inc3', 'INC-3'),
            attrs: {
              ...(macro('pm-macro-inc3', 'INC-3').attrs as object),
              extensionKey: `${APP_UUID}/${LOCAL_ENVIRONMENT_ID}/static/postmortem-macro`,
            },
          },
          h(2, 'Summary'),
          p(
            'For 75 minutes about 18% of card payments failed at checkout. A configuration change lowered the payment gateway client pool size; under the afternoon peak the pool was exhausted and requests timed out. Rolling back the change restored service.',
          ),
          h(2, 'Customer impact'),
          p('About 4,100 checkout attempts failed; 62% of those customers retried successfully within the hour.'),
          h(2, 'Timeline'),
          p(
            '14:05 UTC alert on checkout error rate. 14:20 on-call engineer paged payments. 15:02 config change identified. 15:20 rollback complete.',
          ),
          h(2, 'Incident questions'),
          p('We detected it from the checkout error-rate alert, 4 minutes after impact began.'),
          h(2, 'Contributing factors'),
          p(
            'Why? Requests timed out waiting for a pooled connection. Why? The pool size had been lowered from 200 to 20. Why? A shared config template applied a default meant for batch jobs.',
          ),
          h(2, 'Lessons learned'),
          p(
            'What went well: the rollback was quick. What went wrong: the config diff was not reviewed by payments. Where we got lucky: the change landed on a weekday.',
          ),
          h(2, 'Action items'),
          p('Each action item is a Jira task with an owner and a due date.'),
        ],
      },
    });
    const pageUrl = `${baseUrl}/wiki/spaces/PM/pages/${page.id}`;
    const requestedReviewAt = new Date(at(19, 11)).toISOString();
    addContentProperty(
      db,
      page.id,
      'postmortem',
      {
        incidentKey: inc3.key,
        status: 'in-review',
        ownerAccountId: id('marcus'),
        incidentDate,
        dueDate: pmDue,
        requestedReviewAt,
      },
      id('marcus'),
      at(19, 11),
    );
    db.putIssue({
      ...inc3,
      properties: {
        postmortem: sealedDemoRecord(inc3.id, {
          pageId: page.id,
          pageTitle: pmTitle,
          pageUrl,
          status: 'in-review',
          dueDate: pmDue,
          ownerAccountId: id('marcus'),
          incidentDate,
          requestedReviewAt,
        }),
      },
    });
    db.putRemoteLink({
      id: db.nextId('remoteLink'),
      issueId: inc3.id,
      globalId: `postmortem-page=${page.id}`,
      application: { type: 'com.atlassian.confluence', name: 'Confluence' },
      relationship: 'Postmortem',
      object: {
        url: pageUrl,
        title: pmTitle,
        summary: 'Postmortem (in review)',
        icon: { url16x16: `${baseUrl}/wiki/favicon.ico`, title: 'Confluence page' },
      },
    });

    // --- action items of INC-3, one in every state relative to today
    const action = (
      n: number,
      s: {
        project: string;
        summary: string;
        assignee: Who | null;
        due: number | null;
        done?: number;
        kind: 'prevent' | 'detect' | 'mitigate' | 'process';
      },
    ) => {
      const item = addIssue(db, {
        project: s.project,
        type: 'Task',
        reporter: id('marcus'),
        assignee: s.assignee === null ? null : id(s.assignee),
        summary: s.summary,
        labels: ['postmortem-action'],
        priority: 'High',
        duedate: s.due === null ? null : due(s.due),
        status: s.done !== undefined ? 'done' : 'new',
        created: at(19, 11, n),
        resolved: s.done !== undefined ? at(s.done, 16) : null,
        properties: { 'postmortem-action': { incidentKey: inc3.key, pageId: page.id, creationKey: `seed-inc3-action-${n}`, kind: s.kind } },
      });
      addLink(db, 'Relates', inc3, item);
      db.putRemoteLink({
        id: db.nextId('remoteLink'),
        issueId: item.id,
        globalId: `postmortem-page=${page.id}`,
        application: { type: 'com.atlassian.confluence', name: 'Confluence' },
        relationship: 'Postmortem',
        object: { url: pageUrl, title: pmTitle },
      });
      return item;
    };
    action(1, {
      project: 'PAY',
      summary: 'Roll back the shared pool-size default and pin payments to 200 connections',
      assignee: 'sofia',
      due: 3,
      done: 18,
      kind: 'mitigate',
    });
    action(2, {
      project: 'PAY',
      summary: 'Alert when gateway pool utilisation exceeds 80% for 5 minutes',
      assignee: 'liam',
      due: 4,
      kind: 'detect',
    });
    action(3, {
      project: 'PLAT',
      summary: 'Require an owning-team review for changes to shared config templates',
      assignee: 'tom',
      due: 0,
      kind: 'prevent',
    });
    action(4, {
      project: 'PAY',
      summary: 'Load-test checkout at 2x peak before each gateway client upgrade',
      assignee: 'sofia',
      due: -3,
      kind: 'prevent',
    });
    action(5, {
      project: 'PAY',
      summary: 'Add the payments runbook link to the checkout error-rate alert',
      assignee: 'liam',
      due: -15,
      kind: 'process',
    });
    action(6, {
      project: 'PLAT',
      summary: 'Split batch-job defaults out of the shared service config template',
      assignee: null,
      due: 10,
      kind: 'prevent',
    });
    action(7, {
      project: 'PAY',
      summary: 'Document the gateway connection budget per service',
      assignee: 'marcus',
      due: null,
      kind: 'process',
    });

    // --- everyday work, so the projects are not only postmortem items
    addIssue(db, {
      project: 'PAY',
      type: 'Task',
      reporter: id('marcus'),
      assignee: id('liam'),
      summary: 'Upgrade the card-vault SDK to 4.2',
      duedate: due(12),
      created: at(9),
    });
    addIssue(db, {
      project: 'PAY',
      type: 'Bug',
      reporter: id('sofia'),
      assignee: id('sofia'),
      summary: 'Refund emails show the amount without currency',
      status: 'indeterminate',
      created: at(6),
    });
    addIssue(db, {
      project: 'PLAT',
      type: 'Task',
      reporter: id('grace'),
      assignee: id('aiko'),
      summary: 'Rotate the staging database credentials',
      duedate: due(5),
      created: at(4),
    });
    addIssue(db, {
      project: 'MOB',
      type: 'Task',
      reporter: id('daniel'),
      assignee: id('noah'),
      summary: 'Add offline mode to the order history screen',
      duedate: due(20),
      created: at(11),
    });
    addIssue(db, {
      project: 'MOB',
      type: 'Bug',
      reporter: id('elena'),
      assignee: id('elena'),
      summary: 'Session refresh retries without backoff',
      status: 'indeterminate',
      created: at(1),
      priority: 'High',
    });

    // --- a year of practice: three earlier incidents, each with a reviewed postmortem tagged with
    // its contributing factors and action items (MOB) done on time or late, so the report's
    // practice figures have months to show. Resolved before the app's install day (today−90), so
    // the sweep never chases them; their items are all done.
    const earlier = (o: {
      summary: string;
      description: string;
      reporter: Who;
      resolvedDaysAgo: number;
      sentAfter: number;
      reviewedAfter: number;
      reviewer: Who;
      factors: string[];
      items: Array<{
        summary: string;
        assignee: Who;
        dueAfter: number;
        doneAfter: number;
        kind: 'prevent' | 'detect' | 'mitigate' | 'process';
      }>;
    }) => {
      const r = o.resolvedDaysAgo;
      const incident = addIssue(db, {
        project: 'INC',
        type: 'Incident',
        status: 'done',
        priority: 'Medium',
        reporter: id(o.reporter),
        assignee: id(o.reporter),
        summary: o.summary,
        description: o.description,
        created: at(r, 9),
        resolved: at(r, 11),
      });
      const title = `Postmortem: ${incident.key} ${o.summary}`;
      const incidentDay = isoDate(at(r));
      const dueDay = isoDate(at(r) + 7 * DAY);
      const sentAt = new Date(at(r - o.sentAfter, 10)).toISOString();
      const reviewedAt = new Date(at(r - o.reviewedAfter, 15)).toISOString();
      const pmPage = addPage(db, {
        spaceId: space,
        parentId: home.id,
        title,
        author: id(o.reporter),
        createdAt: at(r - 1, 10),
        labels: ['postmortem'],
        adf: {
          type: 'doc',
          version: 1,
          content: [
            {
              ...macro(`pm-macro-${incident.key.toLowerCase()}`, incident.key),
              attrs: {
                ...(macro(`pm-macro-${incident.key.toLowerCase()}`, incident.key).attrs as object),
                extensionKey: `${APP_UUID}/${LOCAL_ENVIRONMENT_ID}/static/postmortem-macro`,
              },
            },
            h(2, 'Summary'),
            p(o.description),
          ],
        },
      });
      const record = {
        incidentKey: incident.key,
        status: 'reviewed',
        ownerAccountId: id(o.reporter),
        incidentDate: incidentDay,
        dueDate: dueDay,
        requestedReviewAt: sentAt,
        reviewRequest: { requestedBy: id(o.reporter), findings: [], findingsTotal: 0 },
        review: { reviewedBy: id(o.reviewer), reviewedAt },
        factors: o.factors,
      };
      addContentProperty(db, pmPage.id, 'postmortem', record, id(o.reviewer), at(r - o.reviewedAfter, 15));
      const url = `${baseUrl}/wiki/spaces/PM/pages/${pmPage.id}`;
      db.putIssue({
        ...incident,
        properties: {
          postmortem: sealedDemoRecord(incident.id, {
            pageId: pmPage.id,
            pageTitle: `Postmortem for ${incident.key}`,
            pageUrl: url,
            status: 'reviewed',
            dueDate: dueDay,
            ownerAccountId: id(o.reporter),
            incidentDate: incidentDay,
            requestedReviewAt: sentAt,
            reviewedAt,
            openFindings: 0,
            factors: o.factors,
          }),
        },
      });
      db.putRemoteLink({
        id: db.nextId('remoteLink'),
        issueId: incident.id,
        globalId: `postmortem-page=${pmPage.id}`,
        application: { type: 'com.atlassian.confluence', name: 'Confluence' },
        relationship: 'Postmortem',
        object: { url, title: `Postmortem for ${incident.key}` },
      });
      o.items.forEach((it, n) => {
        const item = addIssue(db, {
          project: 'MOB',
          type: 'Task',
          reporter: id(o.reporter),
          assignee: id(it.assignee),
          summary: it.summary,
          labels: ['postmortem-action'],
          priority: 'Medium',
          duedate: isoDate(at(r - it.dueAfter)),
          status: 'done',
          created: at(r - o.sentAfter, 10, n + 1),
          resolved: at(r - it.doneAfter, 16),
          properties: {
            'postmortem-action': {
              incidentKey: incident.key,
              pageId: pmPage.id,
              creationKey: `seed-${incident.key.toLowerCase()}-action-${n + 1}`,
              kind: it.kind,
            },
          },
        });
        addLink(db, 'Relates', incident, item);
      });
    };
    earlier({
      summary: 'Search results stale after the nightly index rebuild stalled',
      description: 'The nightly search index rebuild ran out of disk and stopped; results were a day old for 9 hours.',
      reporter: 'tom',
      resolvedDaysAgo: 200,
      sentAfter: 4,
      reviewedAfter: 9,
      reviewer: 'grace',
      factors: ['capacity', 'detection'],
      items: [
        { summary: 'Alarm on free disk of the index builders below 20%', assignee: 'elena', dueAfter: 30, doneAfter: 25, kind: 'detect' },
        {
          summary: 'Resume a stopped index rebuild from its last segment',
          assignee: 'daniel',
          dueAfter: 45,
          doneAfter: 58,
          kind: 'mitigate',
        },
      ],
    });
    earlier({
      summary: 'Card refunds delayed by a stuck settlement queue',
      description: 'A settlement queue consumer stopped acknowledging messages after a library upgrade; refunds waited up to a day.',
      reporter: 'sofia',
      resolvedDaysAgo: 150,
      sentAfter: 10,
      reviewedAfter: 16,
      reviewer: 'marcus',
      factors: ['dependency', 'capacity'],
      items: [
        {
          summary: 'Page the owning team when settlement messages wait over an hour',
          assignee: 'elena',
          dueAfter: 28,
          doneAfter: 21,
          kind: 'detect',
        },
        {
          summary: 'Pin the messaging library and test upgrades against settlement replay',
          assignee: 'daniel',
          dueAfter: 35,
          doneAfter: 47,
          kind: 'prevent',
        },
      ],
    });
    earlier({
      summary: 'Sign-up emails bounced after a DNS record change',
      description: 'An SPF record edit dropped the mail provider; sign-up emails bounced for 3 hours until the record was restored.',
      reporter: 'elena',
      resolvedDaysAgo: 110,
      sentAfter: 5,
      reviewedAfter: 8,
      reviewer: 'daniel',
      factors: ['change', 'process'],
      items: [
        {
          summary: 'Review DNS record edits with a second person before they go live',
          assignee: 'elena',
          dueAfter: 14,
          doneAfter: 12,
          kind: 'process',
        },
      ],
    });
    void inc4;

    // --- a second space, where only some may create pages (the create flow's space picker offers
    // a person only the spaces Confluence lets them create in)
    const eng = addSpace(db, {
      key: 'ENG',
      name: 'Engineering handbook',
      members: (['priya', 'grace', 'marcus', 'aiko'] as Who[]).map(id),
      viewers: ([...all.filter((w) => !['priya', 'grace', 'marcus', 'aiko'].includes(w)), 'hannah'] as Who[]).map(id),
      author: id('grace'),
      createdAt: at(500),
    });
    const engHome = addPage(db, {
      spaceId: eng,
      title: 'Engineering handbook',
      adf: docOf([h(1, 'Engineering handbook'), 'How we build, run and hand over services.']),
      author: id('grace'),
      createdAt: at(500),
    });
    setHomepage(db, eng, engHome.id);
  });
}

/**
 * The app's settings as the demo's site admin, Priya, configured them: new postmortems go to space
 * PM, and she is every project's second-tier contact (managers stay empty, so each project's lead
 * is told first). Saved through the settings page's calls as Priya at reset (SiteRuntime.reset).
 */
/**
 * The key the app seals its records with (src/adapters/waivers.ts, SEAL_KEY, in app storage's
 * encrypted part), fixed for the demo so the seed can write the incidents' postmortem records as
 * the app would have: sealed (docs/decisions/0017-postmortem-record-sealed.md). A real site's key
 * is random and never leaves the app.
 */
const DEMO_SEAL_KEY_NAME = 'waiver-seal-key';
const DEMO_SEAL_KEY = Buffer.alloc(32, 7).toString('base64');

/** An incident's `postmortem` record with the app's seal (the text as src/domain/postmortem/seal.ts builds it). */
function sealedDemoRecord<
  T extends {
    pageId: string;
    status: string;
    dueDate: string;
    ownerAccountId: string;
    requestedReviewAt?: string;
    reviewedAt?: string;
    factors?: string[];
  },
>(issueId: string, r: T): T & { seal: string } {
  const fields = ['postmortem/2', issueId, r.pageId, r.status, r.dueDate, r.requestedReviewAt ?? '', r.reviewedAt ?? '', r.ownerAccountId];
  const text = JSON.stringify(r.factors && r.factors.length > 0 ? [...fields, r.factors] : fields);
  return { ...r, seal: createHmac('sha256', Buffer.from(DEMO_SEAL_KEY, 'base64')).update(text, 'utf8').digest('base64url') };
}

/** The PM space's home page "Postmortems": the settings' parent page of postmortems and of the weekly agenda page. */
export const DEMO_PM_HOME_PAGE_ID = '65536';

/** The app's install-day record (src/adapters/install-day.ts, INSTALL_DAY_KEY). */
const DEMO_INSTALL_DAY_KEY = 'app-installed-on:v1';

export const DEMO_APP_SETUP: SeedAppSetup = {
  accountId: DEMO.users.priya.accountId,
  functionKey: 'admin-resolver',
  moduleKey: 'postmortem-settings',
  read: 'admin.getOverview',
  save: 'admin.saveSettings',
  // The app was installed 90 days before the seed's today (before INC-1 was resolved), recorded as
  // the app's first run records it (src/adapters/install-day.ts), so with no trackingStartDate set
  // INC-1, INC-2 and INC-4 are tracked from resolution.
  secrets: () => ({ [DEMO_SEAL_KEY_NAME]: DEMO_SEAL_KEY }),
  storage: (now) => ({
    [DEMO_INSTALL_DAY_KEY]: { day: isoDate(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) - 90 * DAY) },
  }),
  patch: {
    confluence: { spaceKey: 'PM', parentPageId: DEMO_PM_HOME_PAGE_ID },
    escalationContacts: Object.fromEntries(
      ['INC', 'MOB', 'PAY', 'PLAT'].map((k) => [k, { managers: [], secondTier: [DEMO.users.priya.accountId] }]),
    ),
  },
};

/** SEED.md's content, for the README and the host pages. */
export function demoSeedMarkdown(): string {
  const users = (Object.keys(DEMO.users) as Who[])
    .map((w) => `| ${DEMO.users[w].displayName} | \`${DEMO.users[w].accountId}\` | ${DEMO.users[w].emailAddress} | ${DEMO.users[w].role} |`)
    .join('\n');
  const projects = Object.entries(DEMO.projects)
    .map(([k, v]) => `- **${k}**: ${v}`)
    .join('\n');
  return `# The local site's demo seed

\`POST /__site/reset {"seed":"demo"}\` (or \`products.reset('demo')\`) loads it. Every date is
computed from the site clock's *now* at reset time ("today" below), so the states hold whenever
it is loaded. Generated from \`local/products/seeds/demo.ts\`; do not edit by hand.

## People

| name | account id | e-mail | role |
| --- | --- | --- | --- |
${users}

Priya Raman is the only site admin (Jira \`ADMINISTER\`). Olivia Hart is inactive.

## Projects (members may browse, create, edit, assign, link and transition)

${projects}

## Groups

- **${DEMO.groups.reviewers.name}**: ${DEMO.groups.reviewers.members}. Jira's notify mails a
  group's members (the app's setting *reviewers.groupName* can name it); the app's settings in the
  seed name no reviewers.

## Confluence

- Space **PM** (Postmortems): every engineer and manager may read and edit; Hannah Weber may only
  read; Noah Fischer may not see it. Home page "Postmortems".
- Space **ENG** (Engineering handbook): Priya, Grace, Marcus and Aiko may create and edit pages;
  the other engineers and Hannah may only read it; Noah may not see it. Home page "Engineering
  handbook". Confluence answers each person's operations in a space
  (\`GET /wiki/api/v2/spaces/{id}/operations\`: \`create\` \`page\` only for those who may create).
- Page **"Postmortem: INC-3 Checkout failures (payment gateway connection pool)"** under the home
  page, owner Marcus Chen, edited by Sofia Alvarez; labels \`postmortem\`, \`payments\`; holds the
  Postmortem macro (\`extensionKey\` \`${APP_UUID}/${LOCAL_ENVIRONMENT_ID}/static/postmortem-macro\`,
  \`guestParams.incidentKey\` = INC-3); content property \`postmortem\`: status \`in-review\`,
  incident date today−24, due date today−17, review requested today−19.

## The app's settings

Saved at reset by Priya Raman through the settings page's own calls (so checked like any save;
the settings' change history shows it):

- New postmortems are created in space **PM** (the panel's "Create postmortem" needs no choice),
  under its home page "Postmortems" (page \`${DEMO_PM_HOME_PAGE_ID}\`, the settings' parent page), where the
  weekly review agenda page goes too (on Mondays, the default agenda weekday, from the send hour).
- Priya Raman is the **second-tier contact** of INC, MOB, PAY and PLAT: once an action item is
  14 days overdue (the default "second tier after"), she is told too. No managers are set, so
  each project's lead is told first.
- Everything else is the app's defaults (no *trackingStartDate*).

The app's storage also holds its install-day record (\`app-installed-on:v1\`, as the app's first
run writes it: src/adapters/install-day.ts) set to **today−90**, as on a site that installed the
app three months ago. So, with no start date set, incidents resolved since then are tracked from
resolution: INC-1 and INC-2 are late postmortems (due today−68 and today−44) and INC-4 is due
today+5, page or not.

Its encrypted part holds the key the app seals its records with (\`waiver-seal-key\`, fixed for
the demo), and every incident's \`postmortem\` issue property in the seed carries the app's seal
(docs/decisions/0017-postmortem-record-sealed.md), as the app would have written it.

## Incidents (project INC, issue type Incident)

| key | summary | state |
| --- | --- | --- |
| INC-1 | Status page unreachable during DNS provider outage | resolved 75 days ago, no postmortem |
| INC-2 | Push notifications delayed by up to 2 hours on Android | resolved 51 days ago, no postmortem |
| INC-3 | Checkout failures: payment gateway connection pool exhausted | resolved 24 days ago; postmortem **in review** (issue property \`postmortem\`, remote link with globalId \`postmortem-page=<pageId>\`) |
| INC-4 | Mobile app login failures after token-service deploy | resolved 2 days ago, **no postmortem yet**; a history to draft its timeline from: assigned, In Progress, priority raised (by Daniel), three comments (Tom's and Elena's start with \`[timeline]\`), resolved |
| INC-5 | Elevated error rate on the search API | in progress, opened 3 hours ago |

## Action items of INC-3

Tasks with label \`postmortem-action\`, issue property \`postmortem-action\`
(\`{incidentKey:"INC-3", pageId, creationKey, kind}\`), a "Relates" link to INC-3 and a remote
link to the page.

| key | owner | due | state |
| --- | --- | --- | --- |
| PAY-1 | Sofia Alvarez | today+3 | **done** (resolved today−18) |
| PAY-2 | Liam O'Connor | today+4 | **due soon** |
| PLAT-1 | Tom Becker | today | **due today** |
| PAY-3 | Sofia Alvarez | today−3 | **overdue by days** |
| PAY-4 | Liam O'Connor | today−15 | **overdue by weeks** |
| PLAT-2 | — | today+10 | **unassigned** |
| PAY-5 | Marcus Chen | — | **no due date** |

Other work: PAY-6, PAY-7, PLAT-3, MOB-1 (assigned to Noah), MOB-2.

## A year of practice (for the report's practice figures and contributing factors)

Three earlier incidents, resolved before the app's install day (so the sweep never chases them),
each with a **reviewed** postmortem page in space PM (content property and incident property
\`postmortem\` status \`reviewed\`, tagged with contributing factors) and action items in MOB,
all done:

| key | summary | resolved | sent to review | reviewed (by) | factors | action items (due → done) |
| --- | --- | --- | --- | --- | --- | --- |
| INC-6 | Search results stale after the nightly index rebuild stalled | today−200 | +4 days (on time) | +9 days (Grace) | capacity, detection | MOB-3 (+30 → +25, on time), MOB-4 (+45 → +58, 13 days late) |
| INC-7 | Card refunds delayed by a stuck settlement queue | today−150 | +10 days (3 days late) | +16 days (Marcus) | dependency, capacity | MOB-5 (+28 → +21), MOB-6 (+35 → +47, 12 days late) |
| INC-8 | Sign-up emails bounced after a DNS record change | today−110 | +5 days (on time) | +8 days (Daniel) | change, process | MOB-7 (+14 → +12) |

## Permission demos

- Noah Fischer (MOB only) gets 404 for INC-3 and the PAY items, sees none of them in search, and
  cannot read the postmortem page (not in space PM).
- Hannah Weber (browse-only in INC, reader of PM) sees the incidents and reads the postmortem page,
  but Confluence refuses her edits (403), its permission check answers \`update\`: false, and Jira
  refuses her edits, links, assignments and transitions of INC issues.
- Priya Raman has \`ADMINISTER\`; nobody else does.
`;
}
