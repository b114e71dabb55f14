/** Small hand-made SVG charts; each carries its numbers as a table for screen readers and keyboard users. */
import type { OverduePoint, WeeklyTrendPoint } from '@contracts/report-rows';
import { closedBars, linePath, shortDate } from './report-logic';

const W = 360;
const H = 120;
const PAD = { left: 28, bottom: 20, top: 8, right: 8 };

function Axis({ max }: { max: number }) {
  return (
    <g aria-hidden="true" className="axis">
      <line x1={PAD.left} y1={PAD.top} x2={PAD.left} y2={PAD.top + H} />
      <line x1={PAD.left} y1={PAD.top + H} x2={PAD.left + W} y2={PAD.top + H} />
      <text x={PAD.left - 4} y={PAD.top + 4} textAnchor="end">
        {max}
      </text>
      <text x={PAD.left - 4} y={PAD.top + H} textAnchor="end">
        0
      </text>
    </g>
  );
}

function DataTable({ caption, head, rows }: { caption: string; head: string[]; rows: Array<Array<string | number>> }) {
  return (
    <details className="chart-data">
      <summary>Show the numbers</summary>
      <table>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {head.map((h) => (
              <th key={h} scope="col">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i}>
              {r.map((c, j) =>
                j === 0 ? (
                  <th key={j} scope="row">
                    {c}
                  </th>
                ) : (
                  <td key={j}>{c}</td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

export function ClosedChart({ weekly }: { weekly: readonly WeeklyTrendPoint[] }) {
  const { bars, max } = closedBars(weekly, W, H);
  const onTime = weekly.reduce((n, w) => n + w.closedOnTime, 0);
  const late = weekly.reduce((n, w) => n + w.closedLate, 0);
  const summary = `Action items closed per week over the last ${weekly.length} weeks: ${onTime} on time, ${late} late.`;
  return (
    <figure className="chart">
      <figcaption>
        <strong>Action items closed on time vs late</strong>
        <span className="legend" aria-hidden="true">
          <span className="swatch on-time" /> on time <span className="swatch late" /> late
        </span>
      </figcaption>
      <svg viewBox={`0 0 ${PAD.left + W + PAD.right} ${PAD.top + H + PAD.bottom}`} role="img" aria-label={summary}>
        <Axis max={max} />
        <g transform={`translate(${PAD.left},${PAD.top})`}>
          {bars.map((b) => (
            <g key={b.label}>
              <title>{`Week of ${b.label}: ${b.onTime.value} on time, ${b.late.value} late`}</title>
              <rect className="on-time" x={b.x} y={b.onTime.y} width={b.width} height={b.onTime.height} />
              <rect className="late" x={b.x} y={b.late.y} width={b.width} height={b.late.height} />
            </g>
          ))}
        </g>
        <g aria-hidden="true" className="axis">
          {bars
            .filter((_, i) => i % 3 === 0)
            .map((b) => (
              <text key={b.label} x={PAD.left + b.x + b.width / 2} y={PAD.top + H + 14} textAnchor="middle">
                {shortDate(b.label)}
              </text>
            ))}
        </g>
      </svg>
      <p className="subtle">{summary}</p>
      <DataTable
        caption={summary}
        head={['Week of', 'On time', 'Late', 'Without due date']}
        rows={weekly.map((w) => [w.weekStart, w.closedOnTime, w.closedLate, w.closedWithoutDueDate])}
      />
    </figure>
  );
}

function LineChart({
  title,
  summary,
  values,
  labels,
  head,
  empty,
}: {
  title: string;
  summary: string;
  values: Array<number | null>;
  labels: string[];
  head: [string, string];
  empty: string;
}) {
  const has = values.some((v) => v !== null);
  const { d, max, points } = linePath(values, W, H);
  return (
    <figure className="chart">
      <figcaption>
        <strong>{title}</strong>
      </figcaption>
      {has ? (
        <>
          <svg viewBox={`0 0 ${PAD.left + W + PAD.right} ${PAD.top + H + PAD.bottom}`} role="img" aria-label={summary}>
            <Axis max={max} />
            <g transform={`translate(${PAD.left},${PAD.top})`}>
              <path className="line" d={d} />
              {points.map((p, i) => (
                <circle key={i} className="dot" cx={p.x} cy={p.y} r={3}>
                  <title>{String(p.value)}</title>
                </circle>
              ))}
            </g>
            <g aria-hidden="true" className="axis">
              {labels.length > 0 && (
                <>
                  <text x={PAD.left} y={PAD.top + H + 14} textAnchor="start">
                    {labels[0]}
                  </text>
                  <text x={PAD.left + W} y={PAD.top + H + 14} textAnchor="end">
                    {labels[labels.length - 1]}
                  </text>
                </>
              )}
            </g>
          </svg>
          <p className="subtle">{summary}</p>
          <DataTable caption={summary} head={head} rows={labels.map((l, i) => [l, values[i] ?? '—'])} />
        </>
      ) : (
        <p className="subtle">{empty}</p>
      )}
    </figure>
  );
}

export function OverdueChart({ series }: { series: readonly OverduePoint[] }) {
  const last = series[series.length - 1];
  return (
    <LineChart
      title="Overdue action items over time"
      summary={last ? `Overdue action items you may see, at the end of each week; ${last.overdueCount} today.` : ''}
      values={series.map((p) => p.overdueCount)}
      labels={series.map((p) => shortDate(p.at))}
      head={['Week ending', 'Overdue items']}
      empty="No weeks to show yet."
    />
  );
}

export function ReviewDaysChart({ weekly, median }: { weekly: readonly WeeklyTrendPoint[]; median: number | null }) {
  return (
    <LineChart
      title="Median days from incident to reviewed postmortem"
      summary={
        median === null ? '' : `Over the last ${weekly.length} weeks the median is ${median} days; the line shows each week’s median.`
      }
      values={weekly.map((w) => w.medianDaysToReviewed)}
      labels={weekly.map((w) => shortDate(w.weekStart))}
      head={['Week of', 'Median days']}
      empty="No postmortem was reviewed in the last 12 weeks, so there is no median yet."
    />
  );
}
