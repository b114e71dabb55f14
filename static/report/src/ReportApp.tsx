import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { Envelope, ResolverError } from '@contracts/resolver';
import { findingText } from '@contracts/finding-text';
import type { ReportFilters, ReportItemRow, ReportPostmortemRow, ReportSection, ReportWaivedRow } from '@contracts/report-rows';
import type {
  AssigneeGroups,
  CsvExport,
  CsvQuery,
  GroupBy,
  GroupSummary,
  ReportOverview,
  SectionPage,
  SectionQuery,
  SectionSort,
} from '@contracts/report';
import { longDate } from '../../common/DateField';
import { useLocale } from '../../common/hooks';
import { ProductLink } from '../../common/links';
import { ErrorMessage, Lozenge, STATUS_LABEL, STATUS_TONE, useLoad } from '../../common/ui';
import { ClosedChart, OverdueChart, ReviewDaysChart } from './Charts';
import { FactorsSection, type FactorsApi } from './Factors';
import { PracticeSection, type PracticeApi } from './Practice';
import {
  ariaSort,
  BUCKET_LABELS,
  BUCKETS,
  describeFilters,
  dueText,
  EMPTY_FILTERS,
  GROUP_LABELS,
  instantText,
  itemColumns,
  nextSort,
  PAGE_SIZE,
  pageInfo,
  plural,
  postmortemColumns,
  timeText,
  SECTIONS,
  sectionMeta,
  toFilters,
  validateFilters,
  waivedColumns,
  type Column,
  type FilterDraft,
} from './report-logic';

/** The page's product calls (ports): main.tsx wires them to the resolver; tests can pass plain functions. */
export interface ReportApi extends PracticeApi, FactorsApi {
  getReport(filters: ReportFilters): Promise<Envelope<ReportOverview>>;
  getSection(query: SectionQuery): Promise<Envelope<SectionPage>>;
  /** One part of a section's CSV; the page asks for parts until the last and joins them. */
  exportCsv(query: CsvQuery): Promise<Envelope<CsvExport>>;
  getAssigneeGroups(query: { filters: ReportFilters; exclude: string[] }): Promise<Envelope<AssigneeGroups>>;
  download(filename: string, csv: string): void;
}

/** Seconds since `since`, ticking, for long reads. */
function useElapsed(active: boolean): number {
  const [seconds, setSeconds] = useState(0);
  useEffect(() => {
    if (!active) return;
    setSeconds(0);
    const start = Date.now();
    const t = setInterval(() => setSeconds(Math.floor((Date.now() - start) / 1000)), 1000);
    return () => clearInterval(t);
  }, [active]);
  return seconds;
}

export function ReportApp({ api }: { api: ReportApi }) {
  const [draft, setDraft] = useState<FilterDraft>(EMPTY_FILTERS);
  const [applied, setApplied] = useState<ReportFilters>(toFilters(EMPTY_FILTERS));
  const [load, reload] = useLoad(
    () => api.getReport(applied),
    [applied],
    'Could not load the report. Check your connection and try again.',
  );
  const [filterErrors, setFilterErrors] = useState<ReturnType<typeof validateFilters>>({});
  const elapsed = useElapsed(load.state === 'loading');

  const onApply = (e: FormEvent) => {
    e.preventDefault();
    const errors = validateFilters(draft);
    setFilterErrors(errors);
    if (Object.keys(errors).length > 0) {
      document.getElementById(errors.from ? 'filter-from' : 'filter-to')?.focus();
      return;
    }
    setApplied(toFilters(draft));
  };
  const onClear = () => {
    setDraft(EMPTY_FILTERS);
    setFilterErrors({});
    setApplied(toFilters(EMPTY_FILTERS));
  };

  const options = load.state === 'ready' ? load.data.filterOptions : { projects: [], managers: [] };
  const labels = {
    projects: Object.fromEntries(options.projects.map((o) => [o.value, o.label])),
    managers: Object.fromEntries(options.managers.map((o) => [o.value, o.label])),
  };

  return (
    <main aria-labelledby="report-title">
      <h1 id="report-title">Postmortem report</h1>
      <p className="subtle">
        What is overdue and who must act, and the postmortems waiting for review. You see only the issues you may browse in Jira.
      </p>

      <form className="card section filters" onSubmit={onApply} aria-labelledby="filters-title" noValidate>
        <h2 id="filters-title">Filters</h2>
        <div className="filter-row">
          <div className="field">
            <label htmlFor="filter-projects">Projects</label>
            <select
              id="filter-projects"
              multiple
              size={Math.min(4, Math.max(2, options.projects.length))}
              value={draft.projectKeys}
              aria-describedby="filter-projects-help"
              onChange={(e) => setDraft({ ...draft, projectKeys: Array.from(e.currentTarget.selectedOptions, (o) => o.value) })}
            >
              {options.projects.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
            <span id="filter-projects-help" className="help">
              None selected: all projects. Ctrl or ⌘ picks several.
            </span>
          </div>
          <div className="field">
            <label htmlFor="filter-manager">Manager</label>
            <select
              id="filter-manager"
              value={draft.managerAccountId}
              onChange={(e) => setDraft({ ...draft, managerAccountId: e.currentTarget.value })}
            >
              <option value="">Any manager</option>
              {options.managers.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
          </div>
          <DateField
            id="filter-from"
            label="Due from"
            value={draft.from}
            error={filterErrors.from}
            onChange={(from) => setDraft({ ...draft, from })}
          />
          <DateField
            id="filter-to"
            label="Due until"
            value={draft.to}
            error={filterErrors.to}
            onChange={(to) => setDraft({ ...draft, to })}
          />
        </div>
        <div className="actions">
          <button type="submit" className="primary" disabled={load.state === 'loading'}>
            Apply filters
          </button>
          <button type="button" onClick={onClear} disabled={load.state === 'loading'}>
            Clear
          </button>
        </div>
        <p className="subtle" aria-live="polite">
          {describeFilters(applied, labels)} The date range applies to due dates; items without a due date always show.
        </p>
      </form>

      {load.state === 'loading' && (
        <p role="status" aria-live="polite" className="subtle progress">
          <span className="spinner" aria-hidden="true" /> Reading action items and postmortems from Jira
          {elapsed >= 2 ? ` (${elapsed} s; large sites take a few seconds)` : ''}…
        </p>
      )}
      {load.state === 'error' && <ErrorMessage error={load.error} onRetry={reload} />}
      {load.state === 'ready' && <Report data={load.data} api={api} />}
    </main>
  );
}

function Report({ data, api }: { data: ReportOverview; api: ReportApi }) {
  const sections = new Map(data.sections.map((s) => [s.section, s]));
  const count = (s: ReportSection) => sections.get(s)?.total ?? 0;
  return (
    <>
      <p className="subtle" data-testid="report-as-of">
        Counts as of <time dateTime={data.asOf}>{timeText(data.asOf)}</time> on {data.today}, read live from Jira as you.
      </p>
      {data.truncated && (
        <p className="message info" role="note">
          There are more postmortems or recently closed items than the report reads at once, so the oldest were left out of the postmortem
          lists and the trends. Filter by project or manager to see all of theirs.
        </p>
      )}
      <nav aria-label="Report sections" className="section">
        <ul className="toc">
          {SECTIONS.map((m) => (
            <li key={m.section}>
              <a href={`#sec-${m.section}`}>
                {m.title} <span className="count">{count(m.section)}</span>
              </a>
            </li>
          ))}
          <li>
            <a href="#sec-trends">Trends</a>
          </li>
          <li>
            <a href="#sec-practice">How the practice is doing</a>
          </li>
          <li>
            <a href="#sec-factors">By contributing factor</a>
          </li>
        </ul>
      </nav>
      <h2 className="part">Action items</h2>
      {SECTIONS.filter((m) => m.kind !== 'postmortems').map((m) => (
        <SectionView key={m.section} section={m.section} initial={sections.get(m.section)} filters={data.filters} api={api} data={data} />
      ))}
      <h2 className="part">Postmortems</h2>
      {SECTIONS.filter((m) => m.kind === 'postmortems').map((m) => (
        <SectionView key={m.section} section={m.section} initial={sections.get(m.section)} filters={data.filters} api={api} data={data} />
      ))}
      <section id="sec-trends" className="section card" aria-labelledby="trends-title">
        <h2 id="trends-title">Trends</h2>
        <div className="charts">
          <ClosedChart weekly={data.trends.weekly} />
          <OverdueChart series={data.trends.overdueOverTime} />
          <ReviewDaysChart weekly={data.trends.weekly} median={data.trends.medianDaysToReviewed} />
        </div>
      </section>
      <h2 className="part">Learning from incidents</h2>
      <PracticeSection api={api} projectKeys={data.filters.projectKeys} />
      <FactorsSection api={api} projectKeys={data.filters.projectKeys} />
      <p className="subtle small">Read from Jira with {plural(data.productCalls, 'request')}.</p>
    </>
  );
}

interface SectionState {
  sort?: SectionSort;
  group?: { by: GroupBy; key: string; label: string };
  /** Page shown (0-based); `tokens[i]` is the token of page i (page 0 has none). */
  pageIndex: number;
  tokens: Array<string | undefined>;
  page?: SectionPage;
  busy: boolean;
  error?: ResolverError;
}

type CsvState =
  | { state: 'idle' }
  | { state: 'busy'; rows: number; total: number }
  | { state: 'done'; rows: number; filename: string }
  | { state: 'error'; error: ResolverError };

function SectionView({
  section,
  initial,
  filters,
  api,
  data,
}: {
  section: ReportSection;
  initial?: SectionPage;
  filters: ReportFilters;
  api: ReportApi;
  data: ReportOverview;
}) {
  const meta = sectionMeta(section);
  const [st, setSt] = useState<SectionState>({
    pageIndex: 0,
    tokens: [undefined, initial?.nextPageToken],
    page: initial,
    busy: false,
  });
  const [groupBy, setGroupBy] = useState<GroupBy | ''>('');
  const [csv, setCsv] = useState<CsvState>({ state: 'idle' });
  const [moreAssignees, setMoreAssignees] = useState<{ groups: GroupSummary[]; others: number; busy: boolean; error?: ResolverError }>({
    groups: [],
    others: data.groups.otherAssignees,
    busy: false,
  });
  const tableRef = useRef<HTMLTableElement>(null);

  /** Page `pageIndex` of the section with this sort and group; a new sort or group starts again from page 0. */
  const fetchPage = (next: Pick<SectionState, 'sort' | 'group' | 'pageIndex'>) => {
    const fresh = next.sort !== st.sort || next.group !== st.group;
    const tokens = fresh ? [undefined] : st.tokens;
    const pageIndex = fresh ? 0 : next.pageIndex;
    setSt((s) => ({ ...s, ...next, pageIndex, tokens, busy: true, error: undefined }));
    api
      .getSection({
        filters,
        section,
        sort: next.sort,
        group: next.group ? { by: next.group.by, key: next.group.key } : undefined,
        offset: pageIndex * PAGE_SIZE,
        ...(tokens[pageIndex] ? { pageToken: tokens[pageIndex] } : {}),
        limit: PAGE_SIZE,
      })
      .then(
        (res) =>
          setSt((s) => {
            if (!res.ok) return { ...s, busy: false, error: res.error };
            const t = [...s.tokens];
            t[pageIndex + 1] = res.data.nextPageToken;
            return { ...s, busy: false, page: res.data, tokens: t };
          }),
        () =>
          setSt((s) => ({
            ...s,
            busy: false,
            error: { code: 'internal', message: 'Could not load that page. Check your connection and try again.' },
          })),
      );
  };

  const onSort = (c: Column) => fetchPage({ sort: nextSort(st.sort, c), group: st.group, pageIndex: 0 });
  /** Asks for the CSV part by part (each within the resolver's limits), shows the progress, and downloads the joined file once. */
  const onCsv = async () => {
    const query: CsvQuery = { filters, section, sort: st.sort, group: st.group ? { by: st.group.by, key: st.group.key } : undefined };
    const parts: string[] = [];
    let rows = 0;
    let token: string | undefined;
    setCsv({ state: 'busy', rows: 0, total: st.page?.total ?? 0 });
    try {
      for (;;) {
        const res = await api.exportCsv(token ? { ...query, pageToken: token } : query);
        if (!res.ok) return setCsv({ state: 'error', error: res.error });
        parts.push(res.data.csv);
        rows += res.data.rows;
        token = res.data.nextPageToken;
        if (!token) {
          api.download(res.data.filename, parts.join(''));
          return setCsv({ state: 'done', rows, filename: res.data.filename });
        }
        setCsv({ state: 'busy', rows, total: res.data.total });
      }
    } catch {
      setCsv({ state: 'error', error: { code: 'internal', message: 'Could not export. Check your connection and try again.' } });
    }
  };
  const onMoreAssignees = () => {
    setMoreAssignees((m) => ({ ...m, busy: true, error: undefined }));
    const exclude = [...data.groups.byAssignee, ...moreAssignees.groups].map((g) => g.key);
    api.getAssigneeGroups({ filters, exclude }).then(
      (res) =>
        setMoreAssignees((m) =>
          res.ok
            ? { groups: [...m.groups, ...res.data.groups], others: res.data.otherAssignees, busy: false }
            : { ...m, busy: false, error: res.error },
        ),
      () =>
        setMoreAssignees((m) => ({
          ...m,
          busy: false,
          error: { code: 'internal', message: 'Could not load more assignees. Check your connection and try again.' },
        })),
    );
  };

  const page = st.page;
  const total = page?.total ?? 0;
  const info = pageInfo(total, st.pageIndex * PAGE_SIZE, PAGE_SIZE, Boolean(st.tokens[st.pageIndex + 1]));
  const titleId = `sec-${section}-title`;
  const groups: GroupSummary[] =
    groupBy === 'project'
      ? data.groups.byProject
      : groupBy === 'manager'
        ? data.groups.byManager
        : groupBy === 'assignee'
          ? [...data.groups.byAssignee, ...moreAssignees.groups]
          : [];
  const columns = meta.kind === 'items' ? itemColumns(section) : meta.kind === 'waivers' ? waivedColumns() : postmortemColumns(section);

  return (
    <section id={`sec-${section}`} className="section card" aria-labelledby={titleId} data-testid={`section-${section}`}>
      <h3 id={titleId}>
        {meta.title} <span className="count">{total}</span>
      </h3>
      <p className="subtle">
        {meta.description}{' '}
        {page && (
          <span className="as-of">
            (counted at <time dateTime={page.asOf}>{timeText(page.asOf)}</time>)
          </span>
        )}
      </p>

      {section === 'overdue' && (
        <>
          <ul className="buckets" aria-label="Days overdue">
            {BUCKETS.map((b) => (
              <li key={b}>
                <Lozenge tone={b === 'over-30' ? 'danger' : b === '8-30' ? 'warning' : 'default'}>{BUCKET_LABELS[b]}</Lozenge>{' '}
                {data.buckets[b]}
              </li>
            ))}
          </ul>
          <div className="group-by" role="group" aria-label="Group overdue items by">
            <span className="subtle">Group by:</span>
            {(['', 'project', 'manager', 'assignee'] as const).map((g) => (
              <button key={g || 'none'} type="button" aria-pressed={groupBy === g} onClick={() => setGroupBy(g)}>
                {g ? GROUP_LABELS[g] : 'No grouping'}
              </button>
            ))}
          </div>
          {groupBy && (
            <table className="groups" data-testid="overdue-groups">
              <caption className="visually-hidden">
                Overdue items by {GROUP_LABELS[groupBy].toLowerCase()}, counted at {timeText(groups[0]?.asOf ?? data.asOf)}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{GROUP_LABELS[groupBy]}</th>
                  <th scope="col">Overdue</th>
                  {BUCKETS.map((b) => (
                    <th key={b} scope="col">
                      {BUCKET_LABELS[b]}
                    </th>
                  ))}
                  <th scope="col">
                    <span className="visually-hidden">Show</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {groups.map((g) => (
                  <tr key={g.key || '(none)'} aria-current={st.group?.by === groupBy && st.group.key === g.key ? 'true' : undefined}>
                    <th scope="row">{g.label}</th>
                    <td>{g.count}</td>
                    {BUCKETS.map((b) => (
                      <td key={b}>{g.buckets[b]}</td>
                    ))}
                    <td>
                      <button
                        type="button"
                        onClick={() => fetchPage({ sort: st.sort, group: { by: groupBy, key: g.key, label: g.label }, pageIndex: 0 })}
                      >
                        Show {plural(g.count, 'item')}
                        <span className="visually-hidden"> of {g.label}</span>
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {groupBy === 'assignee' && moreAssignees.others > 0 && (
            <p className="subtle" data-testid="more-assignees">
              {plural(moreAssignees.others, 'overdue item')} belong to assignees not listed yet.{' '}
              <button type="button" onClick={onMoreAssignees} disabled={moreAssignees.busy}>
                {moreAssignees.busy ? 'Loading assignees…' : 'Show more assignees'}
              </button>
            </p>
          )}
          {moreAssignees.error && <ErrorMessage error={moreAssignees.error} onRetry={onMoreAssignees} />}
          {st.group && (
            <p className="message info">
              Showing the overdue items of {GROUP_LABELS[st.group.by].toLowerCase()} <strong>{st.group.label}</strong>.{' '}
              <button type="button" onClick={() => fetchPage({ sort: st.sort, group: undefined, pageIndex: 0 })}>
                Show all overdue items
              </button>
            </p>
          )}
        </>
      )}

      {st.error && <ErrorMessage error={st.error} onRetry={() => fetchPage({ sort: st.sort, group: st.group, pageIndex: st.pageIndex })} />}

      {total === 0 ? (
        <p className="empty">{st.group ? 'This group has no overdue items with the current filters.' : meta.empty}</p>
      ) : (
        <>
          <div className="toolbar">
            <span aria-live="polite">{st.busy ? 'Loading…' : info.label}</span>
            <span className="spacer" />
            <button type="button" onClick={() => void onCsv()} disabled={csv.state === 'busy'} aria-describedby={`${titleId}-csv`}>
              {csv.state === 'busy' ? 'Preparing CSV…' : 'Download CSV'}
            </button>
            <span id={`${titleId}-csv`} className="visually-hidden">
              All {total} rows of {meta.title}, in the order shown
            </span>
          </div>
          <span role="status" className="csv-status">
            {csv.state === 'busy' && csv.rows > 0 && `Preparing CSV: ${csv.rows} of about ${csv.total} rows read…`}
            {csv.state === 'done' && `Downloaded ${csv.filename} (${plural(csv.rows, 'row')}).`}
          </span>
          {csv.state === 'error' && <ErrorMessage error={csv.error} />}
          <div className="table-wrap">
            <table ref={tableRef} aria-labelledby={titleId} aria-busy={st.busy} aria-rowcount={total + 1}>
              <thead>
                <tr>
                  {columns.map((c) => (
                    <th key={c.id} scope="col" aria-sort={ariaSort(st.sort, c)}>
                      {c.sortKey ? (
                        <button type="button" className="sort" onClick={() => onSort(c)}>
                          {c.label}
                          <span aria-hidden="true">{st.sort?.by === c.sortKey ? (st.sort.direction === 'asc' ? ' ▲' : ' ▼') : ''}</span>
                        </button>
                      ) : (
                        c.label
                      )}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {page?.kind === 'items' &&
                  page.rows.map((r, i) => <ItemRow key={r.key} row={r} section={section} rowIndex={page.offset + i + 2} />)}
                {page?.kind === 'waivers' && page.rows.map((r, i) => <WaivedRow key={r.key} row={r} rowIndex={page.offset + i + 2} />)}
                {page?.kind === 'postmortems' &&
                  page.rows.map((r, i) => (
                    <PostmortemRow key={r.incidentKey} row={r} section={section} people={data.people} rowIndex={page.offset + i + 2} />
                  ))}
              </tbody>
            </table>
          </div>
          {info.pages > 1 && (
            <nav className="pager" aria-label={`${meta.title} pages`}>
              <button
                type="button"
                disabled={!info.hasPrev || st.busy}
                onClick={() => fetchPage({ sort: st.sort, group: st.group, pageIndex: Math.max(0, st.pageIndex - 1) })}
              >
                Previous
              </button>
              <span>
                Page {info.page} of {info.pages}
              </span>
              <button
                type="button"
                disabled={!info.hasNext || st.busy}
                onClick={() => fetchPage({ sort: st.sort, group: st.group, pageIndex: st.pageIndex + 1 })}
              >
                Next
              </button>
            </nav>
          )}
        </>
      )}
    </section>
  );
}

function ItemRow({ row, section, rowIndex }: { row: ReportItemRow; section: ReportSection; rowIndex: number }) {
  return (
    <tr aria-rowindex={rowIndex}>
      <td>
        <ProductLink href={row.itemUrl}>{row.key}</ProductLink>
      </td>
      <td>{row.summary}</td>
      <td>{row.assignee ? row.assignee.displayName : <Lozenge tone="warning">Unassigned</Lozenge>}</td>
      <td>
        {row.dueDate ?? <Lozenge tone="warning">None</Lozenge>}
        {row.lateDueDate && (
          <span className="subtle small note">
            Later than the policy’s {row.lateDueDate.policyDate}: {row.lateDueDate.reason}
          </span>
        )}
      </td>
      {section === 'overdue' && (
        <td>
          <Lozenge tone={row.bucket === 'over-30' ? 'danger' : row.bucket === '8-30' ? 'warning' : 'default'}>{dueText(row)}</Lozenge>
        </td>
      )}
      <td>{row.projectKey}</td>
      <td>{row.incidentKey ? <ProductLink href={row.incidentUrl}>{row.incidentKey}</ProductLink> : '—'}</td>
      <td>
        {row.postmortemUrl ? <ProductLink href={row.postmortemUrl}>{`Postmortem of ${row.incidentKey ?? row.key}`}</ProductLink> : '—'}
      </td>
      <td>{row.priority ?? '—'}</td>
    </tr>
  );
}

function PostmortemRow({
  row,
  section,
  people,
  rowIndex,
}: {
  row: ReportPostmortemRow;
  section: ReportSection;
  people: Record<string, string>;
  rowIndex: number;
}) {
  return (
    <tr aria-rowindex={rowIndex}>
      <td>
        <ProductLink href={row.incidentUrl}>{row.incidentKey}</ProductLink>
      </td>
      <td>
        {row.noPage ? (
          <>
            <Lozenge tone="danger">No postmortem page yet</Lozenge> <span className="subtle">{row.pageTitle}</span>
          </>
        ) : (
          <>
            <ProductLink href={row.pageUrl}>{row.pageTitle || 'Untitled postmortem'}</ProductLink>{' '}
            <Lozenge tone={STATUS_TONE[row.status]}>{STATUS_LABEL[row.status] ?? row.status}</Lozenge>
          </>
        )}
      </td>
      <td>{row.ownerAccountId ? (people[row.ownerAccountId] ?? 'Unknown person') : 'Nobody (no assignee)'}</td>
      <td>{row.dueDate}</td>
      {section === 'postmortems-late' && (
        <td>
          <Lozenge tone="danger">{plural(row.daysLate ?? 0, 'day')}</Lozenge>
        </td>
      )}
      {section === 'review-queue' && (
        <>
          <td>{instantText(row.requestedReviewAt)}</td>
          <td>{row.daysInQueue ?? '—'}</td>
          <td>
            <ReviewRequest request={row.reviewRequest} />
          </td>
          <td data-testid="repeated-items">
            {row.repeatedItems === undefined ? (
              '—'
            ) : row.repeatedItems === 0 ? (
              <span className="subtle">None</span>
            ) : (
              <Lozenge tone="warning">{`${plural(row.repeatedItems, 'item')} proposed before`}</Lozenge>
            )}
          </td>
        </>
      )}
      {section === 'recently-reviewed' && (
        <>
          <td>{instantText(row.reviewedAt)}</td>
          <td>{row.daysToReviewed ?? '—'}</td>
        </>
      )}
    </tr>
  );
}

/** What went to review with a postmortem: its open findings then and the author's reason to go on. */
function ReviewRequest({ request }: { request: ReportPostmortemRow['reviewRequest'] }) {
  if (!request) return <span className="subtle">Not recorded</span>;
  if (request.findingsTotal === 0) return <span>None open</span>;
  return (
    <details>
      <summary>
        {plural(request.findingsTotal, 'open finding')}
        {request.reason ? ', with a reason' : ''}
      </summary>
      <ul>
        {request.findings.map((f, i) => (
          <li key={i}>{findingText(f)}</li>
        ))}
        {request.findingsTotal > request.findings.length && <li>and {request.findingsTotal - request.findings.length} more</li>}
      </ul>
      {request.reason && (
        <p>
          <strong>Why it went on:</strong> {request.reason}
        </p>
      )}
    </details>
  );
}

function WaivedRow({ row, rowIndex }: { row: ReportWaivedRow; rowIndex: number }) {
  return (
    <tr aria-rowindex={rowIndex}>
      <td>
        <ProductLink href={row.itemUrl}>{row.key}</ProductLink>
      </td>
      <td>{row.summary}</td>
      <td>{row.assignee ? row.assignee.displayName : 'Unassigned'}</td>
      <td>{row.dueDate ?? '—'}</td>
      <td>
        {row.reason}
        {row.note && <span className="subtle small note">Approver’s note: {row.note}</span>}
      </td>
      <td>
        {row.approvedBy.displayName} <span className="subtle">on {instantText(row.approvedAt)}</span>
      </td>
      <td>{row.incidentKey ? <ProductLink href={row.incidentUrl}>{row.incidentKey}</ProductLink> : '—'}</td>
    </tr>
  );
}

/** A labelled date input with its error message tied to it for screen readers. */
function DateField({
  id,
  label,
  value,
  error,
  onChange,
}: {
  id: string;
  label: string;
  value: string;
  error?: string;
  onChange(value: string): void;
}) {
  // The browser's date control, and the date written out in the person's locale under it (as the shared DateField does).
  const locale = useLocale();
  const written = longDate(value, locale);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="date"
        value={value}
        lang={locale}
        aria-invalid={error ? true : undefined}
        aria-describedby={[error ? `${id}-error` : '', written ? `${id}-written` : ''].filter(Boolean).join(' ') || undefined}
        onChange={(e) => onChange(e.currentTarget.value)}
      />
      {written && (
        <span id={`${id}-written`} className="help" data-testid={`${id}-written`}>
          {written}
        </span>
      )}
      {error && (
        <span id={`${id}-error`} className="field-error">
          {error}
        </span>
      )}
    </div>
  );
}
