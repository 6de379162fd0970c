/**
 * Pure shaping of the workload response (SPEC §3.3) for the cards, charts and tables (data →
 * prepare → visualise): recharts and the tables only render what these return. No I/O, no clock:
 * "now" is the response's `measured_at`. Here: times and durations, the KPI cards and the
 * backlog; the waits and the SLA in prepare-sla.ts, reviewers, fatigue and staffing in
 * prepare-team.ts.
 */
import { DEFAULT_SLA_TARGET } from '@/lib/capacity/capacity.schema'
import { formatCount, formatDay, formatPercent } from '@/lib/format'
import { fillPeriods, formatDuration, median } from '../../_components/chart-math'
import type { Kpi } from '../../_components/kpi-cards'
import type { Percentiles, WorkloadDay, WorkloadHour, WorkloadResponse } from '@/analytics/workload/workload.schema'

export const MS_PER_SECOND = 1000
export const MS_PER_MINUTE = 60_000
export const MS_PER_HOUR = 3_600_000
export const MS_PER_DAY = 86_400_000
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const

/** True when the view holds nothing to show: no escalated item, no review, nothing open. */
export function isEmptyWorkload(data: WorkloadResponse): boolean {
  return data.escalated === 0 && data.reviewers.length === 0 && data.backlog === 0
}

// ---------------------------------------------------------------------------------------------
// Times and durations

export function twoDigits(n: number): string {
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
    'From the prediction to the start of the item’s first review (started_at, else completion − duration, else completion). Exact percentiles over the escalated items with a first review: p50 is the median, p90 nine in ten waited less.',
  handle: 'The duration of the item’s first review. Exact percentiles over the first reviews that have a duration.',
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
