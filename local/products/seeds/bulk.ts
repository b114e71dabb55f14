/** Bulk seeding for benchmarks: N open action items, written in large journal batches. */
import type { Db } from '../db';
import { DEFAULT_PRIORITY_ID, ISSUE_TYPES, LINK_TYPES, STATUSES, type IssueRec } from '../model';

export interface BulkActionItemsOptions {
  /** Project the items go in (must exist). */
  projectKey: string;
  /** Incident the items belong to (linked with "Relates" when `link` is true). */
  incidentKey: string;
  count: number;
  /** Assignees to rotate through (null entries make unassigned items). */
  assignees: Array<string | null>;
  reporter: string;
  now: Date;
  /** Due dates spread over `[-spreadDays, +spreadDays]` around today (default 60). */
  spreadDays?: number;
  /** Issues per journal record (default 5000). */
  batchSize?: number;
  /** Create the issue link to the incident too (default true). */
  link?: boolean;
}

/** Seeds `count` open action items fast; returns the number created. */
export function seedActionItems(db: Db, o: BulkActionItemsOptions): number {
  const project = db.projectByKey(o.projectKey);
  if (!project) throw new Error(`seedActionItems: no project ${o.projectKey}`);
  const incident = db.issueByKey(o.incidentKey);
  if (!incident) throw new Error(`seedActionItems: no issue ${o.incidentKey}`);
  const taskType = ISSUE_TYPES.find((t) => t.name === 'Task')?.id ?? '10001';
  const todo = STATUSES.find((s) => s.category === 'new')?.id ?? '10000';
  const relates = LINK_TYPES.find((t) => t.name === 'Relates')?.id ?? '10003';
  const spread = o.spreadDays ?? 60;
  const batchSize = o.batchSize ?? 5000;
  const today = Date.UTC(o.now.getUTCFullYear(), o.now.getUTCMonth(), o.now.getUTCDate());
  const created = o.now.toISOString();
  const pageId = (incident.properties.postmortem as { pageId?: unknown } | undefined)?.pageId;
  let done = 0;
  while (done < o.count) {
    const n = Math.min(batchSize, o.count - done);
    db.batch(() => {
      const p = db.projectByKey(o.projectKey) ?? project;
      let counter = p.issueCounter;
      for (let k = 0; k < n; k++) {
        const i = done + k;
        counter += 1;
        const dueOffset = (i % (2 * spread + 1)) - spread;
        const rec: IssueRec = {
          id: db.nextId('issue'),
          key: `${p.key}-${counter}`,
          projectId: p.id,
          issueTypeId: taskType,
          summary: `Action item ${i + 1} from ${o.incidentKey}`,
          description: null,
          statusId: todo,
          assignee: o.assignees.length === 0 ? null : (o.assignees[i % o.assignees.length] ?? null),
          reporter: o.reporter,
          duedate: new Date(today + dueOffset * 86_400_000).toISOString().slice(0, 10),
          labels: ['postmortem-action'],
          priorityId: DEFAULT_PRIORITY_ID,
          created,
          updated: created,
          resolutiondate: null,
          watchers: [],
          properties: {
            'postmortem-action': {
              incidentKey: o.incidentKey,
              ...(typeof pageId === 'string' ? { pageId } : {}),
              creationKey: `bulk-${o.incidentKey}-${i}`.replace(/[^A-Za-z0-9_-]/g, '-'),
            },
          },
        };
        db.putIssue(rec);
        if (o.link ?? true) db.putLink({ id: db.nextId('link'), typeId: relates, inwardIssueId: incident.id, outwardIssueId: rec.id });
      }
      db.putProject({ ...p, members: [...p.members], issueCounter: counter });
    });
    done += n;
  }
  return done;
}
