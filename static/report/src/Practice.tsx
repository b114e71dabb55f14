/**
 * How the practice is doing: per team (a project and its manager) and month over the last 12
 * months, a hand-made SVG bar chart (title and description for screen readers, colours from design
 * tokens) with the table of every figure beside it, and the whole table as CSV. Read with its own
 * call (`getPractice`), as the viewer.
 */
import { useEffect, useState } from 'react';
import type { Envelope } from '@contracts/resolver';
import type { Practice, PracticeTeam } from '@contracts/report-learning';
import { ErrorMessage, useLoad } from '../../common/ui';
import { plural, timeText } from './report-logic';
import { daysText, monthLabel, percent, practiceBars, practiceSummary, teamHasFigures } from './practice-logic';

export interface PracticeApi {
  getPractice(projectKeys: string[]): Promise<Envelope<Practice>>;
  download(filename: string, csv: string): void;
}

const W = 480;
const H = 140;
const PAD = { left: 34, bottom: 22, top: 8, right: 8 };

export function PracticeSection({ api, projectKeys }: { api: PracticeApi; projectKeys: string[] }) {
  const [load, reload] = useLoad(
    () => api.getPractice(projectKeys),
    [projectKeys.join(',')],
    'Could not read the practice figures. Check your connection and try again.',
  );
  return (
    <section id="sec-practice" className="section card" aria-labelledby="practice-title" data-testid="practice">
      <h2 id="practice-title">How the practice is doing</h2>
      <p className="subtle">
        Per team (a project and its manager) and month, over the last 12 months: how soon postmortems go to review and are reviewed, how
        many are on time (sent to review by their due date), and how action items due that month were done. A postmortem counts as the app
        recorded it: a record written by hand on the incident counts as not sent to review.
      </p>
      {load.state === 'loading' && (
        <p role="status" aria-live="polite" className="subtle">
          Reading a year of incidents and action items from Jira…
        </p>
      )}
      {load.state === 'error' && <ErrorMessage error={load.error} onRetry={reload} />}
      {load.state === 'ready' && <PracticeView data={load.data} api={api} />}
    </section>
  );
}

function PracticeView({ data, api }: { data: Practice; api: PracticeApi }) {
  const teams = data.teams.filter(teamHasFigures);
  const [teamKey, setTeamKey] = useState(teams[0]?.projectKey ?? '');
  useEffect(() => {
    if (!teams.some((t) => t.projectKey === teamKey)) setTeamKey(teams[0]?.projectKey ?? '');
  }, [data]);
  const team = teams.find((t) => t.projectKey === teamKey) ?? teams[0];
  if (!team)
    return (
      <p className="empty">
        No incident was resolved and no action item fell due in the last 12 months in the projects you may browse, so there is nothing to
        measure yet.
      </p>
    );
  return (
    <>
      <p className="subtle" data-testid="practice-as-of">
        As of <time dateTime={data.asOf}>{timeText(data.asOf)}</time> on {data.today}; months in {data.timeZone}.
      </p>
      {data.sampled.length > 0 && (
        <p className="message info" role="note">
          Some months had more action items than are read at once: their action-item figures come from the first ones read (
          {data.sampled.map((s) => `${monthLabel(s.month)}: ${s.read} of ${s.total}`).join('; ')}). Filter by project to read all of a
          team’s.
        </p>
      )}
      {data.incidentsTruncated && (
        <p className="message info" role="note">
          More incidents were resolved in the last 12 months than are read at once; the newest were left out. Filter by project to see all.
        </p>
      )}
      <div className="field">
        <label htmlFor="practice-team">Team</label>
        <select id="practice-team" value={team.projectKey} onChange={(e) => setTeamKey(e.currentTarget.value)}>
          {teams.map((t) => (
            <option key={t.projectKey} value={t.projectKey}>
              {t.projectName} ({t.projectKey}){t.manager ? ` · ${t.manager}` : ''}
            </option>
          ))}
        </select>
      </div>
      <div className="practice">
        <PracticeChart team={team} />
        <PracticeTable team={team} />
      </div>
      <div className="actions">
        <button type="button" onClick={() => api.download(data.filename, data.csv)} data-testid="practice-csv">
          Download CSV (every team)
        </button>
        <span className="subtle small">Read from Jira with {plural(data.productCalls, 'request')}.</span>
      </div>
    </>
  );
}

function PracticeChart({ team }: { team: PracticeTeam }) {
  const bars = practiceBars(team.months, W, H);
  const id = `practice-chart-${team.projectKey}`;
  const summary = practiceSummary(team);
  return (
    <figure className="chart">
      <figcaption>
        <strong>{team.projectName}: on time and done by the due date, by month</strong>
        <span className="legend" aria-hidden="true">
          <span className="swatch pm-on-time" /> postmortems on time <span className="swatch items-done" /> action items done by due date
        </span>
      </figcaption>
      <svg
        viewBox={`0 0 ${PAD.left + W + PAD.right} ${PAD.top + H + PAD.bottom}`}
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        data-testid="practice-chart"
      >
        <title
          id={`${id}-title`}
        >{`${team.projectName} (${team.projectKey}): postmortems on time and action items done by their due date, per month`}</title>
        <desc id={`${id}-desc`}>{summary}</desc>
        <g aria-hidden="true" className="axis">
          <line x1={PAD.left} y1={PAD.top} x2={PAD.left} y2={PAD.top + H} />
          <line x1={PAD.left} y1={PAD.top + H} x2={PAD.left + W} y2={PAD.top + H} />
          <line className="grid" x1={PAD.left} y1={PAD.top + H / 2} x2={PAD.left + W} y2={PAD.top + H / 2} />
          <text x={PAD.left - 4} y={PAD.top + 4} textAnchor="end">
            100%
          </text>
          <text x={PAD.left - 4} y={PAD.top + H / 2 + 3} textAnchor="end">
            50%
          </text>
          <text x={PAD.left - 4} y={PAD.top + H} textAnchor="end">
            0
          </text>
        </g>
        <g transform={`translate(${PAD.left},${PAD.top})`} aria-hidden="true">
          {bars.map((b) => (
            <g key={b.month}>
              {b.onTime && <rect className="pm-on-time" x={b.x} y={b.onTime.y} width={b.width} height={b.onTime.height} />}
              {b.doneByDue && (
                <rect className="items-done" x={b.x + b.width} y={b.doneByDue.y} width={b.width} height={b.doneByDue.height} />
              )}
              <text className="axis-label" x={b.x + b.width} y={H + 14} textAnchor="middle">
                {monthLabel(b.month, true)}
              </text>
            </g>
          ))}
        </g>
      </svg>
      <p className="subtle small">
        A month without a bar has nothing settled yet: no postmortem sent or late, no action item past its due date.
      </p>
    </figure>
  );
}

function PracticeTable({ team }: { team: PracticeTeam }) {
  return (
    // Scrolls sideways when narrow: focusable, so the keyboard can scroll it too.
    <div className="table-wrap" tabIndex={0} role="region" aria-label={`${team.projectName}: figures by month`}>
      <table data-testid="practice-table">
        <caption>
          {team.projectName} ({team.projectKey}){team.manager ? `, manager ${team.manager}` : ''}: every figure by month
        </caption>
        <thead>
          <tr>
            <th scope="col">Month</th>
            <th scope="col">Incidents resolved</th>
            <th scope="col">Median days to sent to review</th>
            <th scope="col">Median days to reviewed</th>
            <th scope="col">Postmortems on time</th>
            <th scope="col">Action items due</th>
            <th scope="col">Done by due date</th>
            <th scope="col">Median days overdue</th>
            <th scope="col">Waived</th>
            <th scope="col">Repeat fixes</th>
          </tr>
        </thead>
        <tbody>
          {team.months.map((m) => (
            <tr key={m.month}>
              <th scope="row">{monthLabel(m.month)}</th>
              <td>{m.incidents}</td>
              <td>{daysText(m.medianDaysToReview)}</td>
              <td>{daysText(m.medianDaysToReviewed)}</td>
              <td>{m.onTimeOf ? `${percent(m.onTimeShare)} (${m.onTime} of ${m.onTimeOf})` : '—'}</td>
              <td>{m.itemsDue}</td>
              <td>{m.itemsDue - m.waived > 0 ? `${percent(m.doneByDueShare)} (${m.doneByDue} of ${m.itemsDue - m.waived})` : '—'}</td>
              <td>{daysText(m.medianDaysOverdue)}</td>
              <td>{m.waived}</td>
              <td>{m.repeatFixes}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
