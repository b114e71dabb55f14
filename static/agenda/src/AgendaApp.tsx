/**
 * The review meeting's agenda macro: the review queue, late postmortems and overdue action items by
 * team, read as the person viewing the page (each reader gets the lists their own Jira and
 * Confluence permissions allow). Headings for each list, tables with captions, and empty states
 * that say why they are empty.
 */
import type { ReactNode } from 'react';
import type { Agenda, AgendaPostmortems, AgendaTeam } from '@contracts/agenda-macro';
import { findingText } from '@contracts/finding-text';
import type { ReportPostmortemRow } from '@contracts/report-rows';
import type { Envelope } from '@contracts/resolver';
import { useLocale } from '../../common/hooks';
import { ProductLink } from '../../common/links';
import { ErrorMessage, Loading, Lozenge, STATUS_LABEL, STATUS_TONE, useLoad } from '../../common/ui';
import { instantInZone, plural, shownText, teamHeading, timeInZone, weekText } from './agenda-logic';
import './agenda.css';

export interface AgendaApi {
  getAgenda(): Promise<Envelope<Agenda>>;
}

function ReportLink({ href, children }: { href: string; children: string }) {
  return href ? <ProductLink href={href}>{children}</ProductLink> : <span>{children}</span>;
}

/** What went to review with a postmortem: the findings open then and the author's reason to go on. */
function ReviewRequest({ request }: { request: ReportPostmortemRow['reviewRequest'] }) {
  if (!request) return <span className="subtle">Not recorded</span>;
  if (request.findingsTotal === 0) return <span>None open</span>;
  return (
    <ul className="findings">
      {request.findings.map((f, i) => (
        <li key={i}>{findingText(f)}</li>
      ))}
      {request.findingsTotal > request.findings.length && <li>and {request.findingsTotal - request.findings.length} more</li>}
    </ul>
  );
}

function PageCell({ row }: { row: ReportPostmortemRow }) {
  if (row.noPage) {
    return (
      <>
        <Lozenge tone="danger">No postmortem page yet</Lozenge> <span className="subtle">{row.pageTitle}</span>
      </>
    );
  }
  return (
    <>
      <ProductLink href={row.pageUrl}>{row.pageTitle || 'Untitled postmortem'}</ProductLink>{' '}
      <Lozenge tone={STATUS_TONE[row.status]}>{STATUS_LABEL[row.status] ?? row.status}</Lozenge>
    </>
  );
}

function owner(row: ReportPostmortemRow, people: Record<string, string>): string {
  return row.ownerAccountId ? (people[row.ownerAccountId] ?? 'Unknown person') : 'Nobody (the incident has no assignee)';
}

function More({ list, reportUrl }: { list: { total: number; rows: unknown[] }; reportUrl: string }) {
  if (list.total <= list.rows.length) return <p className="subtle">{shownText(list.rows.length, list.total)}</p>;
  return (
    <p className="more">
      {shownText(list.rows.length, list.total)} <ReportLink href={reportUrl}>Open the Postmortem report</ReportLink>
    </p>
  );
}

/** One list of the agenda: its heading with the count, then its empty state or its content. */
function AgendaSection(props: { id: string; testId: string; title: string; total: number; empty: string | null; children: ReactNode }) {
  return (
    <section className="agenda-section" aria-labelledby={props.id} data-testid={props.testId}>
      <h3 id={props.id}>
        {props.title} <span className="count">{props.total}</span>
      </h3>
      {props.empty !== null ? <p className="empty">{props.empty}</p> : props.children}
    </section>
  );
}

function ReviewQueue({ list, agenda }: { list: AgendaPostmortems; agenda: Agenda }) {
  return (
    <AgendaSection
      id="agenda-queue"
      testId="agenda-review-queue"
      title="Review queue"
      total={list.total}
      empty={
        list.total === 0
          ? 'No postmortem is waiting for review. A postmortem joins the queue when its author chooses “Send to review” in the Postmortem macro on its page.'
          : null
      }
    >
      <table>
        <caption>Postmortems waiting for review, oldest request first</caption>
        <thead>
          <tr>
            <th scope="col">Incident</th>
            <th scope="col">Postmortem</th>
            <th scope="col">Owner</th>
            <th scope="col">Sent to review</th>
            <th scope="col">Findings open when sent</th>
            <th scope="col">Author’s reason to go on</th>
          </tr>
        </thead>
        <tbody>
          {list.rows.map((row) => (
            <tr key={row.incidentKey}>
              <td>
                <ProductLink href={row.incidentUrl}>{row.incidentKey}</ProductLink>
              </td>
              <td>
                <PageCell row={row} />
              </td>
              <td>{owner(row, agenda.people)}</td>
              <td>
                {instantInZone(row.requestedReviewAt, agenda.timeZone)}
                {row.daysInQueue !== null && <span className="subtle small">{`waiting ${plural(row.daysInQueue, 'day')}`}</span>}
              </td>
              <td>
                <ReviewRequest request={row.reviewRequest} />
              </td>
              <td>{row.reviewRequest?.reason ?? <span className="subtle">None given</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <More list={list} reportUrl={agenda.reportUrl} />
    </AgendaSection>
  );
}

function LatePostmortems({ list, agenda }: { list: AgendaPostmortems; agenda: Agenda }) {
  return (
    <AgendaSection
      id="agenda-late"
      testId="agenda-late"
      title="Late postmortems"
      total={list.total}
      empty={
        list.total === 0
          ? 'No postmortem is late: every incident whose postmortem was due by today has been sent to review, or is not due yet.'
          : null
      }
    >
      <table>
        <caption>Postmortems not sent to review by their due date, most late first</caption>
        <thead>
          <tr>
            <th scope="col">Incident</th>
            <th scope="col">Postmortem</th>
            <th scope="col">Owner</th>
            <th scope="col">Due</th>
            <th scope="col">Late by</th>
          </tr>
        </thead>
        <tbody>
          {list.rows.map((row) => (
            <tr key={row.incidentKey}>
              <td>
                <ProductLink href={row.incidentUrl}>{row.incidentKey}</ProductLink>
              </td>
              <td>
                <PageCell row={row} />
              </td>
              <td>{owner(row, agenda.people)}</td>
              <td className="date">{row.dueDate}</td>
              <td>
                <Lozenge tone="danger">{plural(row.daysLate ?? 0, 'day')}</Lozenge>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <More list={list} reportUrl={agenda.reportUrl} />
    </AgendaSection>
  );
}

function Team({ team, index, reportUrl }: { team: AgendaTeam; index: number; reportUrl: string }) {
  const id = `agenda-team-${index}`;
  return (
    <section className="team" aria-labelledby={id} data-testid={`agenda-team-${team.projectKey}`}>
      <h4 id={id}>
        {teamHeading(team)} <span className="count">{team.total}</span>
      </h4>
      <table>
        <caption>{`Overdue action items of ${team.projectName || team.projectKey}, most overdue first`}</caption>
        <thead>
          <tr>
            <th scope="col">Item</th>
            <th scope="col">Summary</th>
            <th scope="col">Assignee</th>
            <th scope="col">Due</th>
            <th scope="col">Overdue by</th>
            <th scope="col">Incident</th>
          </tr>
        </thead>
        <tbody>
          {team.rows.map((row) => (
            <tr key={row.key}>
              <td>
                <ProductLink href={row.itemUrl}>{row.key}</ProductLink>
              </td>
              <td>{row.summary}</td>
              <td>{row.assignee ? row.assignee.displayName : <Lozenge tone="warning">Unassigned</Lozenge>}</td>
              <td className="date">{row.dueDate ?? '—'}</td>
              <td>
                <Lozenge tone={row.bucket === 'over-30' ? 'danger' : row.bucket === '8-30' ? 'warning' : 'default'}>
                  {plural(row.daysOverdue ?? 0, 'day')}
                </Lozenge>
              </td>
              <td>{row.incidentKey ? <ProductLink href={row.incidentUrl}>{row.incidentKey}</ProductLink> : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <More list={team} reportUrl={reportUrl} />
    </section>
  );
}

function OverdueItems({ agenda }: { agenda: Agenda }) {
  const o = agenda.overdue;
  return (
    <AgendaSection
      id="agenda-overdue"
      testId="agenda-overdue"
      title="Overdue action items by team"
      total={o.total}
      empty={
        o.teams.length === 0
          ? agenda.projectsBrowsed === 0
            ? 'No action item is listed: you cannot browse any Jira project, so none is visible to you.'
            : 'No action item you can see in Jira is overdue.'
          : null
      }
    >
      <p className="subtle">
        A team is a project and its manager: the project’s escalation managers in Postmortem settings, else its lead.
      </p>
      {o.teams.map((t, i) => (
        <Team key={t.projectKey} team={t} index={i} reportUrl={agenda.reportUrl} />
      ))}
      {o.moreTeams > 0 && (
        <p className="more">
          {`${plural(o.moreTeams, 'more team has', 'more teams have')} overdue items.`}{' '}
          <ReportLink href={agenda.reportUrl}>See them in the Postmortem report</ReportLink>
        </p>
      )}
    </AgendaSection>
  );
}

export function AgendaView({ agenda }: { agenda: Agenda }) {
  const locale = useLocale();
  return (
    <>
      <p className="agenda-when" data-testid="agenda-week">
        {weekText(agenda.week, agenda.timeZone, locale)}
      </p>
      {agenda.access === 'no-jira' ? (
        <div className="message info" role="status" data-testid="agenda-no-jira">
          <p>
            Jira did not let you read its incidents and action items, so this agenda has nothing to show you. It lists only what you may see
            in Jira: ask your site admin for access to Jira and to the incident and action-item projects.
          </p>
        </div>
      ) : (
        <>
          <p className="subtle" data-testid="agenda-as-of">
            {`Lists as of ${timeInZone(agenda.asOf, agenda.timeZone, locale)}, as you may see them in Jira and Confluence: others see what their own access allows.`}
          </p>
          <ReviewQueue list={agenda.reviewQueue} agenda={agenda} />
          <LatePostmortems list={agenda.late} agenda={agenda} />
          <OverdueItems agenda={agenda} />
        </>
      )}
      <p className="agenda-footer">
        <ReportLink href={agenda.reportUrl}>Open the Postmortem report in Jira</ReportLink>{' '}
        <span className="subtle">for every list in full, with filters and CSV.</span>
      </p>
    </>
  );
}

export function AgendaApp({ api }: { api: AgendaApi }) {
  const [load, reload] = useLoad(() => api.getAgenda(), [], 'Could not load the agenda. Check your connection and try again.');
  return (
    <section className="agenda" aria-labelledby="agenda-title">
      <h2 id="agenda-title">Postmortem review agenda</h2>
      {load.state === 'loading' && <Loading what="the agenda" />}
      {load.state === 'error' && <ErrorMessage error={load.error} onRetry={reload} />}
      {load.state === 'ready' && <AgendaView agenda={load.data} />}
    </section>
  );
}
