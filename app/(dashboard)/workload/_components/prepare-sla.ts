/**
 * Pure shaping of the workload response's waits and SLA (SPEC §3.3): the wait and SLA series per
 * day, the SLA lines and sentence, the percentile strip and the per-queue rows. See prepare.ts.
 */
import { formatCount, formatDay, formatPercent } from '@/lib/format'
import { formatDuration, toPercent } from '../../_components/chart-math'
import type { HistogramBin, Percentiles, WorkloadDay, WorkloadQueue, WorkloadResponse } from '@/analytics/workload/workload.schema'
import { formatDurationTick, formatSla, logDurationAxis, MS_PER_MINUTE, MS_PER_SECOND, weekdayOf } from './prepare'

/**
 * Waits under a second sit on the log axis' floor: many items are picked up the instant they
 * arrive (a wait of 0, no place on a log axis), and a day's median can be exactly that.
 */
export const WAIT_FLOOR_MS = MS_PER_SECOND

export interface WaitPoint {
  date: string
  label: string
  /** What is plotted: milliseconds, at least WAIT_FLOOR_MS; null for a day without waits. */
  p50: number | null
  p90: number | null
  p99: number | null
  /** The API's values, for the tooltip. */
  p50Ms: number | null
  p90Ms: number | null
  p99Ms: number | null
}

const atFloor = (ms: number | null) => (ms === null || !Number.isFinite(ms) ? null : Math.max(WAIT_FLOOR_MS, ms))

export function prepareWaitSeries(days: readonly WorkloadDay[]): WaitPoint[] {
  return days.map((d) => ({
    date: d.date,
    label: formatDay(d.date),
    p50: atFloor(d.wait_ms.p50),
    p90: atFloor(d.wait_ms.p90),
    p99: atFloor(d.wait_ms.p99),
    p50Ms: d.wait_ms.p50,
    p90Ms: d.wait_ms.p90,
    p99Ms: d.wait_ms.p99,
  }))
}

/** The wait chart's y-axis tick: the floor reads "≤ 1 s" when some wait was shorter. */
export function waitTickLabel(ms: number, floored: boolean): string {
  return floored && ms === WAIT_FLOOR_MS ? '≤ 1 s' : formatDurationTick(ms)
}

/** True when a plotted wait was raised to the floor. */
export function hasFlooredWaits(points: readonly WaitPoint[]): boolean {
  return points.some((p) => [p.p50Ms, p.p90Ms, p.p99Ms].some((v) => v !== null && v < WAIT_FLOOR_MS))
}

export interface SlaPoint {
  date: string
  label: string
  met: number
  breached: number
  pending: number
  /** Percent, null for a day with nothing met or breached. */
  attainment: number | null
}

export function prepareSlaSeries(days: readonly WorkloadDay[]): SlaPoint[] {
  return days.map((d) => ({ date: d.date, label: formatDay(d.date), met: d.met, breached: d.breached, pending: d.pending, attainment: toPercent(d.sla_attainment) }))
}

/**
 * The SLA in a sentence: attainment against the target, the counts behind it, the worst queue
 * and the worst day (by attainment, with at least one item met or breached).
 */
export function slaStory(data: WorkloadResponse, days: readonly WorkloadDay[], target: number): string {
  const measured = data.met + data.breached
  if (data.sla_attainment === null || measured === 0) {
    return `No escalated item has met or breached its SLA in this view yet${data.pending > 0 ? ` (${formatCount(data.pending)} pending, still within it)` : ''}.`
  }
  const verdict = data.sla_attainment >= target ? `meeting the ${formatPercent(target, 0)} target` : `below the ${formatPercent(target, 0)} target`
  const head = `${formatPercent(data.sla_attainment)} of items started review within their SLA, ${verdict}: ${formatCount(data.breached)} of ${formatCount(measured)} breached${data.pending > 0 ? `, ${formatCount(data.pending)} pending` : ''}.`
  const worstQueue = prepareQueueRows(data.queues).find((q) => q.attainment !== null)
  const worstDay = [...days].filter((d) => d.sla_attainment !== null).sort((a, b) => (a.sla_attainment as number) - (b.sla_attainment as number) || (a.date < b.date ? -1 : 1))[0]
  const parts: string[] = []
  if (worstQueue && data.queues.length > 1) parts.push(`worst queue ${worstQueue.queue} (${worstQueue.model === worstQueue.queue ? '' : `${worstQueue.model}, `}SLA ${worstQueue.sla}) at ${formatPercent(worstQueue.attainment)}`)
  if (worstDay && worstDay.sla_attainment !== null && worstDay.sla_attainment < 1)
    parts.push(`worst day ${weekdayOf(worstDay.date)}, ${formatDay(worstDay.date)} at ${formatPercent(worstDay.sla_attainment)} (${formatCount(worstDay.breached)} breached)`)
  return parts.length > 0 ? `${head} The ${parts.join('; the ')}.` : head
}

export interface SlaLine {
  minutes: number
  ms: number
  /** "SLA 4 h": short enough for a chart. */
  label: string
  /** The queues with this SLA. */
  queues: string[]
}

/** Lines drawn for SLAs: at most this many (each queue could have its own). */
const MAX_SLA_LINES = 3

/** The SLAs of the queues in view, for reference lines: one per distinct SLA, shortest first. */
export function slaLines(queues: readonly WorkloadQueue[]): SlaLine[] {
  const byMinutes = new Map<number, string[]>()
  for (const q of queues) {
    const names = byMinutes.get(q.sla_minutes) ?? []
    const name = queueName(q.queue)
    if (!names.includes(name)) names.push(name)
    byMinutes.set(q.sla_minutes, names)
  }
  return [...byMinutes.entries()]
    .sort((a, b) => a[0] - b[0])
    .slice(0, MAX_SLA_LINES)
    .map(([minutes, names]) => ({ minutes, ms: minutes * MS_PER_MINUTE, label: `SLA ${formatSla(minutes)}`, queues: names }))
}

/** Which queues have which SLA, when they differ: "SLA 1 h: fraud-detector; 4 h: content-moderation, doc-classifier". Null with one SLA. */
export function slaLegend(slas: readonly SlaLine[]): string | null {
  if (slas.length < 2) return null
  return `SLA ${slas.map((s) => `${formatSla(s.minutes)}: ${s.queues.length > 3 ? `${s.queues.length} queues` : s.queues.join(', ')}`).join('; ')}`
}

/** A queue as shown: "" is the items' default queue. */
export function queueName(queue: string): string {
  return queue === '' ? '(no queue)' : queue
}

/** How a label sits on its point: centred, or starting or ending there near the track's ends. */
export type LabelAnchor = 'start' | 'middle' | 'end'

/** Within this of a track's end (percent), a label is anchored at the end so it stays inside. */
const EDGE_ZONE = 10

function anchorAt(position: number): LabelAnchor {
  return position < EDGE_ZONE ? 'start' : position > 100 - EDGE_ZONE ? 'end' : 'middle'
}

export interface StripLabel {
  /** 0–100 along the track. */
  position: number
  anchor: LabelAnchor
  /** 0: the first label row; 1: the second, when it would overlap its neighbour. */
  row: 0 | 1
}

export interface StripMarker extends StripLabel {
  key: 'p50' | 'p90' | 'p99'
  ms: number
  value: string
}

/** A histogram bin drawn behind a track: left and width in percent of it, height in percent of the tallest. */
export interface StripBar {
  left: number
  width: number
  height: number
  title: string
}

export interface StripRow {
  id: 'wait' | 'handle'
  name: string
  markers: StripMarker[]
  /** The distribution: items per bin, as density on the log axis (items per unit of width). */
  bars: StripBar[]
  /** Items below the axis' start that a log axis cannot show: waits below 0 (re-scored after review). */
  belowAxis: number
  /** The SLAs on this row's track (waits only). */
  slas: (StripLabel & { label: string })[]
}

export interface PercentileStrip {
  ticks: { ms: number; label: string; position: number; anchor: LabelAnchor }[]
  rows: StripRow[]
}

/** Labels closer than this (percent of the track) go to the second row: "p90" fits in 14 % of a phone's track… */
const MIN_LABEL_GAP = 14
/** …"SLA 4 h" needs more. */
const MIN_SLA_LABEL_GAP = 22

/** Label rows along a track: a label closer than `gap` to the previous one in the first row goes to the second. */
function labelRows(positions: readonly number[], gap = MIN_LABEL_GAP): (0 | 1)[] {
  let lastInRow0 = -Infinity
  return positions.map((pos) => {
    if (pos - lastInRow0 >= gap) {
      lastInRow0 = pos
      return 0
    }
    return 1
  })
}

/**
 * Wait and handle time percentiles on one logarithmic time axis with the SLAs: where the median,
 * p90 and p99 fall, against each other and the SLA. Percentiles that are null are left out; a
 * zero (an item picked up at once) sits at the axis' start.
 */
export function preparePercentileStrip(
  wait: Percentiles,
  handle: Percentiles,
  slas: readonly SlaLine[],
  distributions: { wait_ms: readonly HistogramBin[]; handle_ms: readonly HistogramBin[] } = { wait_ms: [], handle_ms: [] },
): PercentileStrip {
  // The axis spans the bins that hold items too, so the whole distribution shows.
  const binEdges = [...distributions.wait_ms, ...distributions.handle_ms]
    .filter((b) => b.items > 0 && b.from_ms !== null)
    .flatMap((b) => [Math.max(b.from_ms as number, MS_PER_SECOND), b.to_ms ?? (b.from_ms as number) * 2])
  const values = [wait.p50, wait.p90, wait.p99, handle.p50, handle.p90, handle.p99, ...slas.map((s) => s.ms), ...binEdges]
  const axis = logDurationAxis(values)
  const [lo, hi] = axis.domain.map(Math.log10)
  const position = (ms: number) => {
    const p = ((Math.log10(Math.max(ms, axis.domain[0])) - lo) / (hi - lo)) * 100
    return Math.round(Math.min(100, Math.max(0, p)) * 10) / 10
  }
  const markers = (p: Percentiles): StripMarker[] => {
    const present = (['p50', 'p90', 'p99'] as const).filter((key) => p[key] !== null && Number.isFinite(p[key]))
    const positions = present.map((key) => position(p[key] as number))
    const rows = labelRows(positions)
    return present.map((key, i) => ({ key, ms: p[key] as number, value: formatDuration(p[key]), position: positions[i], anchor: anchorAt(positions[i]), row: rows[i] }))
  }
  const bars = (bins: readonly HistogramBin[]): { bars: StripBar[]; belowAxis: number } => {
    let belowAxis = 0
    const drawn = bins.flatMap((bin) => {
      if (bin.items === 0) return []
      if (bin.from_ms === null) {
        belowAxis += bin.items
        return []
      }
      const left = position(bin.from_ms)
      const right = bin.to_ms === null ? 100 : position(bin.to_ms)
      const span = bin.to_ms === null ? `${formatDuration(bin.from_ms)} or more` : `${formatDuration(bin.from_ms)}–${formatDuration(bin.to_ms)}`
      return [{ left, width: Math.max(right - left, 0.5), items: bin.items, title: `${span}: ${formatCount(bin.items)} item${bin.items === 1 ? '' : 's'}` }]
    })
    const densest = Math.max(0, ...drawn.map((b) => b.items / b.width))
    return {
      belowAxis,
      bars: drawn.map(({ items, ...b }) => ({ ...b, height: densest > 0 ? Math.round(((items / b.width) / densest) * 1000) / 10 : 0 })),
    }
  }
  const slaPositions = slas.map((s) => position(s.ms))
  const slaRows = labelRows(slaPositions, MIN_SLA_LABEL_GAP)
  return {
    ticks: axis.ticks.map((ms) => ({ ms, label: formatDurationTick(ms), position: position(ms), anchor: anchorAt(position(ms)) })),
    rows: [
      {
        id: 'wait',
        name: 'Wait',
        markers: markers(wait),
        ...bars(distributions.wait_ms),
        slas: slas.map((s, i) => ({ label: s.label, position: slaPositions[i], anchor: anchorAt(slaPositions[i]), row: slaRows[i] })),
      },
      { id: 'handle', name: 'Handle time', markers: markers(handle), ...bars(distributions.handle_ms), slas: [] },
    ],
  }
}

export interface QueueRow {
  key: string
  queue: string
  model: string
  sla: string
  escalated: number
  reviewed: number
  met: number
  breached: number
  pending: number
  attainment: number | null
  waitP50: number | null
  waitP90: number | null
  queueRaw: string
}

/** Per (model, queue), the worst attainment first (none last), then the most breaches. */
export function prepareQueueRows(queues: readonly WorkloadQueue[]): QueueRow[] {
  return queues
    .map((q) => ({
      key: `${q.model}\u0000${q.queue}`,
      queue: queueName(q.queue),
      queueRaw: q.queue,
      model: q.model,
      sla: formatSla(q.sla_minutes),
      escalated: q.escalated,
      reviewed: q.reviewed,
      met: q.met,
      breached: q.breached,
      pending: q.pending,
      attainment: q.sla_attainment,
      waitP50: q.wait_ms.p50,
      waitP90: q.wait_ms.p90,
    }))
    .sort((a, b) => {
      if (a.attainment === null && b.attainment !== null) return 1
      if (b.attainment === null && a.attainment !== null) return -1
      if (a.attainment !== null && b.attainment !== null && a.attainment !== b.attainment) return a.attainment - b.attainment
      if (a.breached !== b.breached) return b.breached - a.breached
      return a.key.localeCompare(b.key, 'en', { numeric: true })
    })
}
