/**
 * The trajectory of a young person's risk level over time, as a server-rendered SVG step chart
 * (the level holds from one assessment to the next) with the same data as a table for screen
 * readers. Pure geometry here; the template draws it with presentation attributes only, so the
 * page's content security policy (no inline styles) is respected.
 */
import { UK_TIME_ZONE } from '../../platform/time.ts';

export interface TrajectoryPoint {
  assessmentId: string;
  reference: string;
  /** ISO date-time. */
  assessedAt: string;
  levelId: string;
  levelLabel: string;
  rank: number;
  differs: boolean;
  computedLabel: string;
}

export interface TrajectoryChart {
  width: number;
  height: number;
  plot: { left: number; top: number; right: number; bottom: number };
  levels: { y: number; label: string; rank: number }[];
  dates: { x: number; label: string }[];
  points: { x: number; y: number; label: string; rank: number }[];
  /** The step line as SVG path data. */
  path: string;
  /** Words for the chart's accessible name. */
  summary: string;
}

const DAY = 86_400_000;

function shortDate(ms: number): string {
  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: UK_TIME_ZONE }).format(new Date(ms));
}

/** Oldest first. `levels` lowest first, as in the instrument. */
export function trajectoryChart(points: TrajectoryPoint[], levels: { id: string; label: string }[], now = new Date()): TrajectoryChart | null {
  if (points.length === 0 || levels.length === 0) return null;
  const sorted = [...points].sort((a, b) => Date.parse(a.assessedAt) - Date.parse(b.assessedAt));
  const width = 640;
  const height = 60 + levels.length * 50;
  const plot = { left: 150, top: 20, right: width - 20, bottom: height - 40 };
  const first = Date.parse(sorted[0]!.assessedAt);
  const last = Math.max(now.getTime(), Date.parse(sorted[sorted.length - 1]!.assessedAt));
  // At least a fortnight wide, so a single assessment does not sit on the axis.
  const span = Math.max(last - first, 14 * DAY);
  const x = (ms: number) => Math.round(plot.left + ((ms - first) / span) * (plot.right - plot.left));
  const step = (plot.bottom - plot.top) / Math.max(1, levels.length - 1);
  const y = (rank: number) => Math.round(plot.bottom - rank * step);

  const placed = sorted.map((p) => ({ x: x(Date.parse(p.assessedAt)), y: y(p.rank), label: `${p.reference}: ${p.levelLabel}, ${shortDate(Date.parse(p.assessedAt))}`, rank: p.rank }));
  let path = '';
  placed.forEach((p, i) => {
    path += i === 0 ? `M${p.x} ${p.y}` : ` H${p.x} V${p.y}`;
  });
  path += ` H${x(first + span)}`;

  const dateTicks = sorted.length <= 6 ? sorted.map((p) => Date.parse(p.assessedAt)) : [first, Date.parse(sorted[Math.floor(sorted.length / 2)]!.assessedAt), Date.parse(sorted[sorted.length - 1]!.assessedAt)];
  const dates: { x: number; label: string }[] = [];
  for (const ms of dateTicks) {
    const tx = x(ms);
    // Labels closer than 80 pixels would overlap; the table has every date.
    if (dates.every((d) => Math.abs(d.x - tx) >= 80)) dates.push({ x: tx, label: shortDate(ms) });
  }
  const firstPoint = sorted[0]!;
  const lastPoint = sorted[sorted.length - 1]!;
  const summary =
    sorted.length === 1
      ? `Risk level over time: one assessment, ${lastPoint.levelLabel}, on ${shortDate(Date.parse(lastPoint.assessedAt))}.`
      : `Risk level over time: ${sorted.length} assessments, from ${firstPoint.levelLabel} on ${shortDate(Date.parse(firstPoint.assessedAt))} to ${lastPoint.levelLabel} on ${shortDate(Date.parse(lastPoint.assessedAt))}.`;
  return {
    width,
    height,
    plot,
    levels: levels.map((l, rank) => ({ y: y(rank), label: l.label, rank })),
    dates,
    points: placed,
    path,
    summary,
  };
}
