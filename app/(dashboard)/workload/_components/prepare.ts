/**
 * Pure shaping of the workload response (SPEC §3.3) for the cards, charts and tables (data →
 * prepare → visualise): recharts and the tables only render what these return. No I/O, no clock:
 * "now" is the response's `measured_at`.
 */
import { DEFAULT_SLA_TARGET } from '@/lib/capacity/capacity.schema'
import { formatCount, formatDay, formatPercent } from '@/lib/format'
import { fillPeriods, formatDuration, median, toPercent } from '../../_components/chart-math'
import type { Kpi } from '../../_components/kpi-cards'
import type {
  Percentiles,
  ShiftHour,
  WorkloadDay,
  WorkloadHour,
  WorkloadQueue,
  WorkloadResponse,
  WorkloadReviewer,
  WorkloadStaffing,
} from '@/analytics/workload/workload.schema'
import type { ReviewerSortKey, SortDirection } from './workload-options'

const MS_PER_SECOND = 1000
const MS_PER_MINUTE = 60_000
const MS_PER_HOUR = 3_600_000
const MS_PER_DAY = 86_400_000
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const

/** True when the view holds nothing to show: no escalated item, no review, nothing open. */
export function isEmptyWorkload(data: WorkloadResponse): boolean {
  return data.escalated === 0 && data.reviewers.length === 0 && data.backlog === 0
}

// ---------------------------------------------------------------------------------------------
// Times and durations

function twoDigits(n: number): string {
  return String(n).padStart(2, '0')
}

/** "2026-11-25" → "Wed". */
export function weekdayOf(day: string): string {
  const ms = Date.parse(`${day}T00:00:00Z`)
  return Number.isFinite(ms) ? WEEKDAYS[new Date(ms).getUTCDay()] : ''
}

/** An ISO moment → "16:00" (UTC). */
export function clockOf(iso: string): string {
  const ms = Date.parse(iso)
  if (!Number.isFinite(ms)) return iso
  const d = new Date(ms)
  return `${twoDigits(d.getUTCHours())}:${twoDigits(d.getUTCMinutes())}`
}

/** An ISO moment → "Nov 25, 16:00 UTC" (with the year when asked). */
export function formatMoment(iso: string, withYear = false): string {
  const ms = Date.parse(iso)
  if (!Number.isFinite(ms)) return iso
  return `${formatDay(new Date(ms).toISOString().slice(0, 10), withYear)}, ${clockOf(iso)} UTC`
}

/** The hour starting at `iso` as a span: "Nov 25, 16:00–17:00 UTC". */
export function formatHourSpan(iso: string): string {
  const ms = Date.parse(iso)
  if (!Number.isFinite(ms)) return iso
  const end = new Date(ms + MS_PER_HOUR).toISOString()
  return `${formatDay(new Date(ms).toISOString().slice(0, 10))}, ${clockOf(iso)}–${clockOf(end)} UTC`
}

/** An hour of day 0–23 → "08:00". */
export function hourOfDayLabel(hour: number): string {
  return `${twoDigits(hour)}:00`
}

/**
 * A duration for an axis tick, short and round: 45000 → "45 s", 720000 → "12 min",
 * 14400000 → "4 h", 5400000 → "1.5 h", 86400000 → "1 d".
 */
export function formatDurationTick(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return ''
  const round1 = (v: number) => String(Math.round(v * 10) / 10)
  if (ms < MS_PER_MINUTE) return `${round1(ms / MS_PER_SECOND)} s`
  if (ms < MS_PER_HOUR) return `${round1(ms / MS_PER_MINUTE)} min`
  if (ms < MS_PER_DAY) return `${round1(ms / MS_PER_HOUR)} h`
  return `${round1(ms / MS_PER_DAY)} d`
}

/** A handle-time tick in whole seconds up to ten minutes (80 s reads better than "1.3 min"), round units above. */
export function formatSecondsTick(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return ''
  return ms < 10 * MS_PER_MINUTE ? `${Math.round(ms / MS_PER_SECOND)} s` : formatDurationTick(ms)
}

/** An SLA in minutes as people say it: 240 → "4 h", 90 → "1 h 30 min", 45 → "45 min". */
export function formatSla(minutes: number): string {
  return formatDuration(minutes * MS_PER_MINUTE)
}

/**
 * Round durations for a logarithmic time axis, from a second to a month: wait times run from
 * seconds to days, and on a linear axis the median sits flat on zero under the p99.
 */
export const DURATION_LADDER_MS = [
  1 * MS_PER_SECOND,
  10 * MS_PER_SECOND,
  MS_PER_MINUTE,
  10 * MS_PER_MINUTE,
  MS_PER_HOUR,
  4 * MS_PER_HOUR,
  MS_PER_DAY,
  7 * MS_PER_DAY,
  30 * MS_PER_DAY,
] as const

/**
 * A log axis covering the durations `values`: from the ladder's step at or below the smallest to
 * the one at or above the largest, with those steps as ticks. Zero and negative durations (an
 * item picked up the instant it arrived) have no place on a log axis and are left out; without
 * any positive value, one second to one hour.
 */
export function logDurationAxis(values: readonly (number | null | undefined)[]): { domain: [number, number]; ticks: number[] } {
  const present = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0)
  if (present.length === 0) return { domain: [MS_PER_SECOND, MS_PER_HOUR], ticks: [MS_PER_SECOND, 10 * MS_PER_SECOND, MS_PER_MINUTE, 10 * MS_PER_MINUTE, MS_PER_HOUR] }
  const min = Math.min(...present)
  const max = Math.max(...present)
  const ladder = DURATION_LADDER_MS as readonly number[]
  const low = [...ladder].reverse().find((step) => step <= min) ?? ladder[0]
  const high = ladder.find((step) => step >= max) ?? max
  const ticks = ladder.filter((step) => step >= low && step <= high)
  if (ticks[ticks.length - 1] !== high) ticks.push(high)
  // One value, or values between two steps: the axis still spans two ticks.
  if (ticks.length === 1) {
    const next = ladder.find((step) => step > low)
    if (next) ticks.push(next)
  }
  return { domain: [ticks[0], ticks[ticks.length - 1]], ticks }
}

// ---------------------------------------------------------------------------------------------
// KPI cards

export const KPI_EXPLANATIONS = {
  backlog:
    'Escalated items (route review or audit) with no review yet, at the end of the range, or now when the range reaches the present. An item re-scored to auto after its escalation is closed.',
  peak_backlog: 'The most escalated items open at the end of any hour of the range, and when that was (hours in UTC).',
  escalated: 'Items escalated to a human in the range (route review or audit), by prediction time; reviewed counts those with a first review.',
  sla_attainment:
    'Met ÷ (met + breached). An item meets its SLA when its first review started within the SLA of its prediction (exactly the SLA is met); it breaches when it started later, or when it is still open more than the SLA after its prediction. An item still open within its SLA is pending and left out.',
  wait:
    'Wait: from the prediction to the start of the item’s first review (started_at, else completion − duration, else completion). Exact percentiles over the escalated items with a first review: p50 is the median, p90 nine in ten waited less.',
  handle: 'Handle time: the duration of the item’s first review. Exact percentiles over the first reviews that have a duration.',
  reviewers:
    'Reviewers with at least one counted review in the view, and their median throughput: reviews per active hour, where an active hour is a UTC clock hour in which they completed at least one review.',
  staffing:
    'Reviewers needed tomorrow (the day after the range), hour by hour by Erlang C so that the SLA target of items start within the SLA, summed over the day, against the reviewers staffed in Settings → Capacity.',
} as const

export function prepareWorkloadKpis(data: WorkloadResponse, peak: BacklogPeak | null): Kpi[] {
  const target = data.staffing?.sla_target ?? DEFAULT_SLA_TARGET
  const activeReviewers = data.reviewers.filter((r) => r.reviews > 0)
  const medianRate = median(activeReviewers.map((r) => r.reviews_per_active_hour))
  const staffing = data.staffing
  const kpis: Kpi[] = [
    {
      id: 'backlog',
      label: 'Backlog',
      value: formatCount(data.backlog),
      detail: `open at ${formatMoment(data.measured_at)}`,
      explanation: KPI_EXPLANATIONS.backlog,
      tone: peak && data.backlog > 0 && data.backlog >= peak.backlog / 2 ? 'warning' : undefined,
    },
    {
      id: 'peak_backlog',
      label: 'Peak backlog',
      value: formatCount(peak?.backlog ?? 0),
      detail: peak ? `at ${formatMoment(peak.endsAt)}` : 'nothing was waiting at any hour’s end',
      explanation: KPI_EXPLANATIONS.peak_backlog,
    },
    {
      id: 'escalated',
      label: 'Escalated',
      value: formatCount(data.escalated),
      detail: `${formatCount(data.reviewed)} reviewed`,
      explanation: KPI_EXPLANATIONS.escalated,
    },
    {
      id: 'sla_attainment',
      label: 'SLA attainment',
      value: formatPercent(data.sla_attainment),
      detail: `${formatCount(data.breached)} breached · ${formatCount(data.pending)} pending`,
      explanation: `${KPI_EXPLANATIONS.sla_attainment} Marked when below the target of ${formatPercent(target, 0)}${data.staffing ? '' : ' (the default; set it in Settings → Capacity)'}.`,
      tone: data.sla_attainment !== null && data.sla_attainment < target ? 'warning' : undefined,
    },
    {
      id: 'wait_p50',
      label: 'Wait p50',
      value: formatDuration(data.wait_ms.p50),
      detail: `p90 ${formatDuration(data.wait_ms.p90)} · p99 ${formatDuration(data.wait_ms.p99)}`,
      explanation: KPI_EXPLANATIONS.wait,
    },
    {
      id: 'handle_p50',
      label: 'Handle p50',
      value: formatDuration(data.handle_ms.p50),
      detail: `p90 ${formatDuration(data.handle_ms.p90)} · p99 ${formatDuration(data.handle_ms.p99)}`,
      explanation: KPI_EXPLANATIONS.handle,
    },
    {
      id: 'reviewers',
      label: 'Reviewers',
      value: formatCount(activeReviewers.length),
      detail: medianRate === null ? 'no reviews' : `median ${formatRate(medianRate)} reviews / active hour`,
      explanation: KPI_EXPLANATIONS.reviewers,
    },
    staffing
      ? {
          id: 'staffing',
          label: 'Needed tomorrow',
          value: staffing.reviewers_needed_total === null ? '—' : `${formatCount(staffing.reviewers_needed_total)} h`,
          detail: `reviewer-hours vs ${formatCount(staffing.reviewers_staffed_total)} staffed · ${staffing.short_hours === 0 ? 'none short' : `${staffing.short_hours} short`}`,
          explanation: KPI_EXPLANATIONS.staffing,
          tone: staffing.short_hours > 0 ? 'warning' : undefined,
        }
      : {
          id: 'staffing',
          label: 'Needed tomorrow',
          value: 'Not configured',
          detail: 'set capacity in Settings',
          explanation: `${KPI_EXPLANATIONS.staffing} Capacity is not configured yet.`,
          tone: 'note',
        },
  ]
  return kpis
}

/** Reviews per active hour: 2.4321 → "2.4". */
export function formatRate(value: number | null | undefined): string {
  return typeof value === 'number' && Number.isFinite(value) ? value.toFixed(1) : '—'
}

// ---------------------------------------------------------------------------------------------
// Arrivals, completions and backlog

export interface DayFlowPoint {
  date: string
  label: string
  arrivals: number
  completions: number
  /** Open at the end of the day; null for a day after the end of the range or now. */
  backlog: number | null
}

function quietDay(day: WorkloadDay): boolean {
  return day.arrivals === 0 && day.completions === 0 && (day.backlog === null || day.backlog === 0)
}

function emptyDay(date: string): WorkloadDay {
  const none: Percentiles = { p50: null, p90: null, p99: null }
  return { date, arrivals: 0, completions: 0, backlog: null, wait_ms: none, handle_ms: none, met: 0, breached: 0, pending: 0, sla_attainment: null }
}

/**
 * The days of the series worth a chart: sorted and gap-free, without the quiet days before the
 * first escalation and after the last measured day (a default 30-day range over two weeks of data
 * would otherwise spend half the chart on zeros). `trimmedBefore` is true when days were cut at
 * the start, so the chart can say where it begins.
 */
export function activeDays(series: readonly WorkloadDay[]): { days: WorkloadDay[]; trimmedBefore: boolean } {
  const filled = fillPeriods(series, (d) => d.date, emptyDay)
  let first = 0
  while (first < filled.length && quietDay(filled[first])) first++
  let last = filled.length - 1
  while (last >= first && filled[last].backlog === null && filled[last].arrivals === 0 && filled[last].completions === 0) last--
  return { days: filled.slice(first, last + 1), trimmedBefore: first > 0 && first < filled.length }
}

export function prepareDayFlow(days: readonly WorkloadDay[]): DayFlowPoint[] {
  return days.map((d) => ({ date: d.date, label: formatDay(d.date), arrivals: d.arrivals, completions: d.completions, backlog: d.backlog }))
}

export interface HourFlowPoint {
  /** ISO start of the hour. */
  hour: string
  /** "Nov 25, 16:00–17:00 UTC", for the tooltip. */
  label: string
  arrivals: number
  completions: number
  /** Open at the end of the hour. */
  backlog: number | null
}

/**
 * The hours worth a chart: from the start of the first day with an escalation, a review or an
 * open item, up to the last measured hour (the API gives null after the end of the range or now).
 */
export function prepareHourFlow(hourly: readonly WorkloadHour[]): HourFlowPoint[] {
  const sorted = [...hourly].sort((a, b) => (a.hour < b.hour ? -1 : a.hour > b.hour ? 1 : 0))
  const firstActive = sorted.findIndex((h) => h.arrivals > 0 || h.completions > 0 || (h.backlog ?? 0) > 0)
  if (firstActive < 0) return []
  // Back to the start of that UTC day, so the axis begins on a day's tick.
  const dayStart = sorted[firstActive].hour.slice(0, 10)
  let first = firstActive
  while (first > 0 && sorted[first - 1].hour.slice(0, 10) === dayStart) first--
  let last = sorted.length - 1
  while (last > first && sorted[last].backlog === null) last--
  return sorted.slice(first, last + 1).map((h) => ({ hour: h.hour, label: formatHourSpan(h.hour), arrivals: h.arrivals, completions: h.completions, backlog: h.backlog }))
}

/** At most this many day ticks on the hourly axis: more crowd a phone's. */
const MAX_DAY_TICKS = 10

/** The hours at 00:00 UTC (every n-th day when there are many), for the hourly chart's axis. */
export function dayTicks(points: readonly HourFlowPoint[], maxTicks = MAX_DAY_TICKS): string[] {
  const midnights = points.filter((p) => p.hour.slice(11, 16) === '00:00').map((p) => p.hour)
  const step = Math.max(1, Math.ceil(midnights.length / maxTicks))
  return midnights.filter((_, i) => i % step === 0)
}

/** Hours at 00:00, 06:00, 12:00 and 18:00 UTC: the close-up's axis. */
export function quarterDayTicks(points: readonly HourFlowPoint[]): string[] {
  return points.filter((p) => p.hour.slice(14, 16) === '00' && Number(p.hour.slice(11, 13)) % 6 === 0).map((p) => p.hour)
}

/** An hourly axis tick: the day at midnight ("Nov 25"), the time otherwise ("12:00"). */
export function hourTickLabel(hour: string): string {
  return hour.slice(11, 16) === '00:00' ? formatDay(hour.slice(0, 10)) : hour.slice(11, 16)
}

/**
 * A level at or under which the backlog counts as cleared: the typical open count at an hour's
 * end (the median), but never under a tenth of the peak, so a spike's tail does not count as the
 * spike itself.
 */
const CLEARED_SHARE_OF_PEAK = 0.1

export interface BacklogPeak {
  /** Start of the hour at whose end the backlog was largest. */
  hour: string
  /** That hour's end: when the peak was measured. */
  endsAt: string
  backlog: number
  /** Open items counted as "cleared": see CLEARED_SHARE_OF_PEAK. */
  clearedLevel: number
  /** First hour of the build-up: the hour after the last one before the peak at or under the cleared level. */
  buildUpStart: string
  buildUpHours: number
  /** Escalations and completions from the build-up's start to the peak. */
  buildUpArrivals: number
  buildUpCompletions: number
  /** The most escalations of one hour in the build-up. */
  buildUpMaxArrivals: number
  /** Median escalations per hour over the hours shown. */
  typicalArrivals: number | null
  /** End of the first hour after the peak back at or under the cleared level; null while it is not. */
  clearedAt: string | null
}

/** The backlog's peak over the hours, and how it built up and drained; null when nothing was ever open at an hour's end. */
export function findBacklogPeak(points: readonly HourFlowPoint[]): BacklogPeak | null {
  let peakIndex = -1
  for (let i = 0; i < points.length; i++) {
    const b = points[i].backlog
    if (b !== null && b > 0 && (peakIndex < 0 || b > (points[peakIndex].backlog ?? 0))) peakIndex = i
  }
  if (peakIndex < 0) return null
  const peak = points[peakIndex]
  const peakBacklog = peak.backlog ?? 0
  const typicalBacklog = median(points.map((p) => p.backlog)) ?? 0
  const clearedLevel = Math.max(Math.floor(typicalBacklog), Math.floor(peakBacklog * CLEARED_SHARE_OF_PEAK))
  let start = peakIndex
  while (start > 0 && (points[start - 1].backlog ?? 0) > clearedLevel) start--
  const buildUp = points.slice(start, peakIndex + 1)
  let cleared: number | null = null
  for (let i = peakIndex + 1; i < points.length; i++) {
    const b = points[i].backlog
    if (b !== null && b <= clearedLevel) {
      cleared = i
      break
    }
  }
  const endOf = (hour: string) => new Date(Date.parse(hour) + MS_PER_HOUR).toISOString()
  return {
    hour: peak.hour,
    endsAt: endOf(peak.hour),
    backlog: peakBacklog,
    clearedLevel,
    buildUpStart: points[start].hour,
    buildUpHours: buildUp.length,
    buildUpArrivals: buildUp.reduce((sum, p) => sum + p.arrivals, 0),
    buildUpCompletions: buildUp.reduce((sum, p) => sum + p.completions, 0),
    buildUpMaxArrivals: Math.max(...buildUp.map((p) => p.arrivals)),
    typicalArrivals: median(points.map((p) => p.arrivals)),
    clearedAt: cleared === null ? null : endOf(points[cleared].hour),
  }
}

/** "Wed, Nov 25 at 17:00 UTC". */
function momentWithWeekday(iso: string): string {
  const day = iso.slice(0, 10)
  return `${weekdayOf(day)}, ${formatDay(day)} at ${clockOf(iso)} UTC`
}

/**
 * The backlog's story in one or two sentences, for a lead who asks "how big, and why": the peak
 * and when, what came in against what was done while it grew, and when it was worked off.
 */
export function backlogStory(peak: BacklogPeak | null, backlogNow: number, measuredAt: string): string {
  if (!peak) return `No backlog built up in this range: every escalated item was picked up within the hour it arrived. ${formatCount(backlogNow)} open at ${formatMoment(measuredAt)}.`
  const hours = (n: number) => `${n} ${n === 1 ? 'hour' : 'hours'}`
  const typical = peak.typicalArrivals !== null ? `, against a typical ${formatCount(Math.round(peak.typicalArrivals))} an hour` : ''
  const surge =
    peak.buildUpHours > 1
      ? `From ${clockOf(peak.buildUpStart)} UTC, ${formatCount(peak.buildUpArrivals)} items arrived in ${hours(peak.buildUpHours)} (up to ${formatCount(peak.buildUpMaxArrivals)} an hour${typical}) while ${formatCount(peak.buildUpCompletions)} were reviewed.`
      : `${formatCount(peak.buildUpArrivals)} items arrived in that hour${typical}, while ${formatCount(peak.buildUpCompletions)} were reviewed.`
  const cleared = peak.clearedAt
    ? ` It was back to ${formatCount(peak.clearedLevel)} or fewer by ${momentWithWeekday(peak.clearedAt)}.`
    : ` It has not come back down to ${formatCount(peak.clearedLevel)} or fewer yet: ${formatCount(backlogNow)} open at ${formatMoment(measuredAt)}.`
  return `The backlog peaked at ${formatCount(peak.backlog)} open items on ${momentWithWeekday(peak.endsAt)}. ${surge}${cleared}`
}

/** Hours either side of the peak in the hourly chart's close-up. */
export const PEAK_WINDOW_HOURS = 36

/** The hours within PEAK_WINDOW_HOURS of the peak. */
export function peakWindow(points: readonly HourFlowPoint[], peak: BacklogPeak | null, hours = PEAK_WINDOW_HOURS): HourFlowPoint[] {
  if (!peak) return [...points]
  const at = Date.parse(peak.hour)
  return points.filter((p) => Math.abs(Date.parse(p.hour) - at) <= hours * MS_PER_HOUR)
}

// ---------------------------------------------------------------------------------------------
// Waits, handle times and the SLA

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
  if (worstQueue && data.queues.length > 1) parts.push(`worst queue ${worstQueue.queue} (${worstQueue.model}, SLA ${worstQueue.sla}) at ${formatPercent(worstQueue.attainment)}`)
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

export interface StripRow {
  id: 'wait' | 'handle'
  name: string
  markers: StripMarker[]
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
export function preparePercentileStrip(wait: Percentiles, handle: Percentiles, slas: readonly SlaLine[]): PercentileStrip {
  const values = [wait.p50, wait.p90, wait.p99, handle.p50, handle.p90, handle.p99, ...slas.map((s) => s.ms)]
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
  const slaPositions = slas.map((s) => position(s.ms))
  const slaRows = labelRows(slaPositions, MIN_SLA_LABEL_GAP)
  return {
    ticks: axis.ticks.map((ms) => ({ ms, label: formatDurationTick(ms), position: position(ms), anchor: anchorAt(position(ms)) })),
    rows: [
      {
        id: 'wait',
        name: 'Wait',
        markers: markers(wait),
        slas: slas.map((s, i) => ({ label: s.label, position: slaPositions[i], anchor: anchorAt(slaPositions[i]), row: slaRows[i] })),
      },
      { id: 'handle', name: 'Handle time', markers: markers(handle), slas: [] },
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

// ---------------------------------------------------------------------------------------------
// Reviewers

export interface ReviewerRow {
  reviewer: WorkloadReviewer
  /** The figure behind each sortable column. */
  values: Record<ReviewerSortKey, number | string | null>
  /** Reviews as a share of the busiest reviewer's, 0–1: the bar in the cell. */
  reviewsShare: number
}

export function prepareReviewerRows(reviewers: readonly WorkloadReviewer[]): ReviewerRow[] {
  const most = Math.max(0, ...reviewers.map((r) => r.reviews))
  return reviewers.map((r) => ({
    reviewer: r,
    values: {
      reviewer_id: r.reviewer_id,
      reviews: r.reviews,
      reviews_per_active_hour: r.reviews_per_active_hour,
      active_hours: r.active_hours,
      handle_p50: r.handle_ms.p50,
      handle_p90: r.handle_ms.p90,
      shift_share: r.shift_share,
    },
    reviewsShare: most > 0 ? r.reviews / most : 0,
  }))
}

/** Sorted by one column; missing figures last whatever the direction, ties by name. */
export function sortReviewerRows(rows: readonly ReviewerRow[], key: ReviewerSortKey, direction: SortDirection): ReviewerRow[] {
  const sign = direction === 'asc' ? 1 : -1
  return [...rows].sort((a, b) => {
    const byId = a.reviewer.reviewer_id.localeCompare(b.reviewer.reviewer_id, 'en', { numeric: true })
    if (key === 'reviewer_id') return sign * byId
    const x = a.values[key]
    const y = b.values[key]
    if (typeof x !== 'number' && typeof y !== 'number') return byId
    if (typeof x !== 'number') return 1
    if (typeof y !== 'number') return -1
    return x !== y ? sign * (x - y) : byId
  })
}

/** "Team median 2.2 reviews per active hour, handle p50 55 s. Busiest: r11-mallory, 260 reviews (3.2 per active hour)." */
export function reviewerSummary(reviewers: readonly WorkloadReviewer[]): string {
  const active = reviewers.filter((r) => r.reviews > 0)
  if (active.length === 0) return 'No reviews in this view.'
  const rate = median(active.map((r) => r.reviews_per_active_hour))
  const handle = median(active.map((r) => r.handle_ms.p50))
  const busiest = [...active].sort((a, b) => b.reviews - a.reviews || a.reviewer_id.localeCompare(b.reviewer_id, 'en', { numeric: true }))[0]
  const team = active.length > 1 ? `Team median ${formatRate(rate)} reviews per active hour, handle p50 ${formatDuration(handle)}. ` : ''
  return `${team}${active.length > 1 ? 'Busiest' : 'Reviewer'}: ${busiest.reviewer_id}, ${formatCount(busiest.reviews)} reviews (${formatRate(busiest.reviews_per_active_hour)} per active hour).`
}

// ---------------------------------------------------------------------------------------------
// Fatigue: by hour into the shift

export interface ShiftHourPoint {
  hourIntoShift: number
  /** "1" for the first hour of a shift. */
  label: string
  reviews: number
  /** Null where too few reviews fall in the hour to compare (see FATIGUE_MIN_*). */
  meanHandle: number | null
  /** Percent. */
  agreement: number | null
}

/** An hour into the shift is compared only with this many reviews in it… */
const FATIGUE_MIN_REVIEWS = 5
/** …and this share of all the reviews: a handful of reviews late into an unusually long day is noise, not a trend. */
const FATIGUE_MIN_SHARE = 0.02

export interface ShiftHours {
  points: ShiftHourPoint[]
  /** Reviews in the hours after the last one shown (too few per hour to compare). */
  leftOut: number
  total: number
}

/**
 * The hours into the shift with enough reviews to compare, from the first hour to the last such
 * one (hours between with too few keep their count but no figures: a gap, not a guess).
 */
export function prepareShiftHours(hours: readonly ShiftHour[]): ShiftHours {
  const total = hours.reduce((sum, h) => sum + h.reviews, 0)
  const minimum = Math.max(FATIGUE_MIN_REVIEWS, FATIGUE_MIN_SHARE * total)
  const enough = (h: ShiftHour) => h.reviews >= minimum
  const kept = hours.filter(enough)
  if (kept.length === 0) return { points: [], leftOut: total, total }
  const lastHour = Math.max(...kept.map((h) => h.hour_into_shift))
  const byHour = new Map(hours.map((h) => [h.hour_into_shift, h]))
  const points: ShiftHourPoint[] = []
  for (let hour = 0; hour <= lastHour; hour++) {
    const h = byHour.get(hour)
    const ok = h !== undefined && enough(h)
    points.push({
      hourIntoShift: hour,
      label: String(hour + 1),
      reviews: h?.reviews ?? 0,
      meanHandle: ok ? h.mean_handle_ms : null,
      agreement: ok ? toPercent(h.agreement_rate) : null,
    })
  }
  const leftOut = hours.filter((h) => h.hour_into_shift > lastHour).reduce((sum, h) => sum + h.reviews, 0)
  return { points, leftOut, total }
}

/** Hours at each end of the shift compared by fatigueSummary. */
const FATIGUE_COMPARE_HOURS = 2

/**
 * Early against late in the shift in words: the review-weighted mean handle time and agreement of
 * the first FATIGUE_COMPARE_HOURS hours shown against the last ones. Null with fewer than twice
 * that many hours of figures.
 */
export function fatigueSummary(points: readonly ShiftHourPoint[]): string | null {
  const measured = points.filter((p) => p.meanHandle !== null || p.agreement !== null)
  if (measured.length < 2 * FATIGUE_COMPARE_HOURS) return null
  const early = measured.slice(0, FATIGUE_COMPARE_HOURS)
  const late = measured.slice(-FATIGUE_COMPARE_HOURS)
  const weighted = (group: readonly ShiftHourPoint[], key: 'meanHandle' | 'agreement') => {
    const withValue = group.filter((p) => p[key] !== null && p.reviews > 0)
    const weight = withValue.reduce((sum, p) => sum + p.reviews, 0)
    return weight > 0 ? withValue.reduce((sum, p) => sum + (p[key] as number) * p.reviews, 0) / weight : null
  }
  const span = (group: readonly ShiftHourPoint[]) => `hours ${group[0].label}–${group[group.length - 1].label}`
  const handleEarly = weighted(early, 'meanHandle')
  const handleLate = weighted(late, 'meanHandle')
  const agreeEarly = weighted(early, 'agreement')
  const agreeLate = weighted(late, 'agreement')
  const parts: string[] = []
  if (handleEarly !== null && handleLate !== null && handleEarly > 0) {
    const change = Math.round(((handleLate - handleEarly) / handleEarly) * 100)
    parts.push(`reviews take ${formatDuration(handleLate)} on average against ${formatDuration(handleEarly)} in ${span(early)} (${change >= 0 ? '+' : '−'}${Math.abs(change)}%)`)
  }
  if (agreeEarly !== null && agreeLate !== null) {
    parts.push(`agree with the model ${formatPercent(agreeLate / 100)} of the time against ${formatPercent(agreeEarly / 100)}`)
  }
  if (parts.length === 0) return null
  return `In ${span(late)} of a shift, ${parts.join(', and ')}.`
}

// ---------------------------------------------------------------------------------------------
// Staffing

export interface StaffingPoint {
  hour: number
  label: string
  expected: number
  /** Null without a handle time to plan from. */
  needed: number | null
  staffed: number
  short: boolean
  /** Reviewers missing in a short hour (needed − staffed), else 0. */
  gap: number
}

export interface StaffingView {
  forecastDate: string
  /** "Thu, Dec 4, 2026". */
  dayLabel: string
  /** The forecast day is the day after `measured_at` (the range reaches the present). */
  tomorrow: boolean
  points: StaffingPoint[]
  /** "00:00–06:00 UTC", one per run of short hours. */
  shortRanges: string[]
  /** Σ over the short hours of the reviewers missing. */
  missingReviewerHours: number
  headline: string
  basis: string
}

/** Runs of consecutive short hours as "12:00–17:00 UTC" (a run into midnight ends at "24:00"). */
export function shortHourRanges(points: readonly StaffingPoint[]): string[] {
  const ranges: string[] = []
  let start: number | null = null
  for (let i = 0; i <= points.length; i++) {
    const short = i < points.length && points[i].short
    if (short && start === null) start = points[i].hour
    if (!short && start !== null) {
      const end = points[i - 1].hour + 1
      ranges.push(`${hourOfDayLabel(start)}–${twoDigits(end)}:00 UTC`)
      start = null
    }
  }
  return ranges
}

function basisText(staffing: WorkloadStaffing): string {
  const days = `${staffing.history_days} ${staffing.history_days === 1 ? 'day' : 'days'}`
  switch (staffing.basis) {
    case 'same_weekday':
      return `Expected escalations from the same weekday in the ${days} before (the history shows a weekly pattern)`
    case 'every_day':
      return `Expected escalations from every day of the ${days} before (no weekly pattern)`
    default:
      return 'No escalations in the weeks before: nothing expected'
  }
}

export function prepareStaffing(staffing: WorkloadStaffing, measuredAt: string): StaffingView {
  const points: StaffingPoint[] = [...staffing.hours]
    .sort((a, b) => a.hour - b.hour)
    .map((h) => ({
      hour: h.hour,
      label: hourOfDayLabel(h.hour),
      expected: h.expected_escalations,
      needed: h.reviewers_needed,
      staffed: h.reviewers_staffed,
      short: h.short,
      gap: h.short && h.reviewers_needed !== null ? Math.max(0, h.reviewers_needed - h.reviewers_staffed) : 0,
    }))
  const shortRanges = shortHourRanges(points)
  const missing = points.reduce((sum, p) => sum + p.gap, 0)
  const day = staffing.forecast_date
  const measuredDay = measuredAt.slice(0, 10)
  const tomorrow = /^\d{4}-\d{2}-\d{2}/.test(measuredAt) && Date.parse(`${day}T00:00:00Z`) - Date.parse(`${measuredDay}T00:00:00Z`) === MS_PER_DAY
  const dayLabel = `${weekdayOf(day)}, ${formatDay(day, true)}`
  const when = tomorrow ? `Tomorrow, ${dayLabel}` : dayLabel
  const needed = staffing.reviewers_needed_total
  let headline: string
  if (needed === null) {
    headline = `${when}: no handle time in the range to plan from, so the reviewers needed are unknown; ${formatCount(staffing.reviewers_staffed_total)} reviewer-hours staffed.`
  } else {
    const verdict =
      staffing.short_hours === 0
        ? 'enough in every hour'
        : `short in ${staffing.short_hours} ${staffing.short_hours === 1 ? 'hour' : 'hours'} (${shortRanges.join(', ')}), ${formatCount(missing)} reviewer-${missing === 1 ? 'hour' : 'hours'} missing`
    headline = `${when}: ${formatCount(needed)} reviewer-hours needed against ${formatCount(staffing.reviewers_staffed_total)} staffed — ${verdict}.`
  }
  return { forecastDate: day, dayLabel, tomorrow, points, shortRanges, missingReviewerHours: missing, headline, basis: basisText(staffing) }
}

/** The staffing figures beside the chart, as label and value. */
export function staffingFacts(staffing: WorkloadStaffing): { id: string; label: string; value: string; title: string }[] {
  return [
    {
      id: 'expected',
      label: 'Expected escalations',
      value: formatCount(Math.round(staffing.expected_escalations)),
      title: 'Escalations expected over the forecast day, summed over its hours.',
    },
    {
      id: 'handle',
      label: 'Mean handle time',
      value: formatDuration(staffing.mean_handle_ms),
      title: 'Mean duration of the first reviews in the range: the service time of the Erlang C model.',
    },
    {
      id: 'reviewer_hours',
      label: `Reviewer-hours at ${formatPercent(staffing.target_occupancy, 0)} occupancy`,
      value: staffing.reviewer_hours_per_day === null ? '—' : `${(Math.round(staffing.reviewer_hours_per_day * 10) / 10).toFixed(1)} h`,
      title: 'Expected escalations × mean handle time ÷ target occupancy: the work itself, with room to breathe. The hourly figure is higher: it also keeps waits within the SLA when items bunch up.',
    },
    {
      id: 'target',
      label: 'SLA target',
      value: `${formatPercent(staffing.sla_target, 0)} within ${formatSla(staffing.sla_minutes)}`,
      title: 'Share of items whose review is to start within the SLA, from Settings → Capacity: what the reviewers needed per hour are sized for.',
    },
    {
      id: 'utilization',
      label: 'Utilization of the range',
      value: formatPercent(staffing.utilization),
      title: 'Handle time of the counted reviews over the reviewer-hours staffed in the range (up to its end, or now).',
    },
  ]
}
