/**
 * Pure helpers shared by the pages' `prepare*` functions (data → prepare → visualise): percent
 * scaling, axis domains and gap-free time series. No I/O, no clock.
 */
import { addDays, isDay, urlFiltersFromApiFilters } from '@/lib/filters'
import { formatDayRange } from '@/lib/format'

/** A rate in [0, 1] → percent for a chart axis, rounded to 0.01 pt so tooltips show no float noise; null stays null (0 of 0). */
export function toPercent(rate: number | null | undefined): number | null {
  if (typeof rate !== 'number' || !Number.isFinite(rate)) return null
  return Math.round(rate * 10_000) / 100
}

/** Step of the percent axis' lower bound. */
const PERCENT_AXIS_STEP = 10
/** Room left under the lowest value, in percentage points, so the line does not sit on the axis. */
const PERCENT_AXIS_MARGIN = 5

/**
 * A percent axis [lower, 100] that zooms in on rates that all sit high (agreement near 90 %)
 * instead of squashing them against the top; [0, 100] when there is nothing to show.
 */
export function percentDomain(values: readonly (number | null)[]): [number, number] {
  const present = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v))
  if (present.length === 0) return [0, 100]
  const min = Math.min(...present)
  const lower = Math.floor((min - PERCENT_AXIS_MARGIN) / PERCENT_AXIS_STEP) * PERCENT_AXIS_STEP
  return [Math.max(0, Math.min(lower, 100 - PERCENT_AXIS_STEP)), 100]
}

/** Tick of a percent axis whose values are already ×100: 80 → "80%". */
export function percentTick(value: number): string {
  return `${value}%`
}

const MS_PER_DAY = 86_400_000
/** About ten years of days: more would not be readable on a chart anyway. */
const MAX_FILLED_DAYS = 3_660

/**
 * A day (or week) series sorted, with the periods missing between the first and the last filled
 * in by `empty(date)` so that a chart shows the hole instead of joining across it. `stepDays` is 1
 * for days and 7 for weeks (periods then start on the same weekday). Entries whose date is not a
 * YYYY-MM-DD day, or spans longer than any sane chart, are returned sorted but not filled.
 */
export function fillPeriods<T>(series: readonly T[], dateOf: (entry: T) => string, empty: (date: string) => T, stepDays = 1): T[] {
  const byDate = new Map<string, T>()
  for (const entry of series) byDate.set(dateOf(entry), entry)
  const dates = [...byDate.keys()].sort()
  const sorted = dates.map((d) => byDate.get(d)!)
  const first = dates[0]
  const last = dates[dates.length - 1]
  if (!first || !last || !isDay(first) || !isDay(last) || !dates.every(isDay)) return sorted
  if ((Date.parse(last) - Date.parse(first)) / MS_PER_DAY > MAX_FILLED_DAYS) return sorted
  const filled: T[] = []
  for (let day = first; day <= last; day = addDays(day, stepDays)) filled.push(byDate.get(day) ?? empty(day))
  // Periods off the step grid (a partial first week…) are kept rather than dropped.
  for (const date of dates) if (!filled.includes(byDate.get(date)!)) filled.push(byDate.get(date)!)
  return filled.sort((a, b) => (dateOf(a) < dateOf(b) ? -1 : dateOf(a) > dateOf(b) ? 1 : 0))
}

/** The filters a metrics response echoes (nulls for "all"). */
export interface EchoedFilters {
  model?: string | null
  segment?: string | null
  model_version?: string | null
  from?: string | null
  to?: string | null
}

/** "Oct 25 – Nov 23, 2026 · fraud-detector · segment eu · reviewer r07" from the filters the API applied. */
export function scopeLine(filters: EchoedFilters, extra: readonly (string | null | undefined)[] = []): string {
  const days = urlFiltersFromApiFilters(filters)
  const parts: string[] = []
  if (days.from && days.to) parts.push(formatDayRange(days.from, days.to))
  parts.push(filters.model ? filters.model : 'all models')
  if (filters.segment) parts.push(`segment ${filters.segment}`)
  if (filters.model_version) parts.push(`version ${filters.model_version}`)
  for (const part of extra) if (part) parts.push(part)
  return parts.join(' · ')
}

/** A score such as ECE, Brier or kappa with fixed decimals: 0.04512 → "0.045"; null → "—". */
export function formatScore(value: number | null | undefined, digits = 3): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) return '—'
  // Avoid "-0.000" for tiny negative rounding noise.
  const rounded = Math.abs(value) < 0.5 * 10 ** -digits ? 0 : value
  return rounded.toFixed(digits)
}

const MS_PER_SECOND = 1000
const MS_PER_MINUTE = 60_000
const MS_PER_HOUR = 3_600_000

/** A handle time: 6200 → "6.2 s", 65000 → "1 min 5 s", 5400000 → "1 h 30 min"; null → "—". */
export function formatDuration(ms: number | null | undefined): string {
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) return '—'
  if (ms < 10 * MS_PER_SECOND) return `${(ms / MS_PER_SECOND).toFixed(1)} s`
  if (ms < MS_PER_MINUTE) return `${Math.round(ms / MS_PER_SECOND)} s`
  if (ms < MS_PER_HOUR) {
    const minutes = Math.floor(ms / MS_PER_MINUTE)
    const seconds = Math.round((ms - minutes * MS_PER_MINUTE) / MS_PER_SECOND)
    return seconds === 60 ? `${minutes + 1} min` : seconds > 0 ? `${minutes} min ${seconds} s` : `${minutes} min`
  }
  const hours = Math.floor(ms / MS_PER_HOUR)
  const minutes = Math.round((ms - hours * MS_PER_HOUR) / MS_PER_MINUTE)
  return minutes === 60 ? `${hours + 1} h` : minutes > 0 ? `${hours} h ${minutes} min` : `${hours} h`
}

/** The median of the finite values, or null when there are none. */
export function median(values: readonly (number | null | undefined)[]): number | null {
  const sorted = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v)).sort((a, b) => a - b)
  if (sorted.length === 0) return null
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

// ---------------------------------------------------------------------------------------------
// Axis ticks at round numbers

/** Mantissas of a round step: 1, 2, 5 × 10^k, and 2.5 × 10^k where that is a whole number (25, 250…). */
const NICE_MANTISSAS = [1, 2, 2.5, 5] as const
/** Ticks on a y-axis of CHART_HEIGHT: four gaps read well; more crowd the labels. */
export const DEFAULT_MAX_TICKS = 5

/** Rounds away binary noise (0.1 + 0.2) at the step's decimals. */
function roundToStep(value: number, step: number): number {
  const decimals = Math.max(0, -Math.floor(Math.log10(step)) + 2)
  return Number(value.toFixed(Math.min(decimals, 15)))
}

/**
 * Ticks at round numbers covering [lower, upper]: the densest step of 1, 2, 2.5 or 5 × 10^k (2.5
 * only from 25 up, so labels keep whole numbers: no 72.5 %) that needs at most `maxTicks` ticks,
 * and the domain widened to the outer ticks. [70, 100] → 70, 80, 90, 100 (not 70, 78, 86, 94);
 * [0, 100] → 0, 25, 50, 75, 100; [0.82, 1] → 0.8, 0.85, 0.9, 0.95, 1. An empty or reversed range is
 * widened around its value.
 */
export function niceTicks(lower: number, upper: number, maxTicks = DEFAULT_MAX_TICKS): { domain: [number, number]; ticks: number[] } {
  if (!Number.isFinite(lower) || !Number.isFinite(upper)) return { domain: [0, 1], ticks: [0, 1] }
  let low = Math.min(lower, upper)
  let high = Math.max(lower, upper)
  if (high === low) {
    const pad = low === 0 ? 1 : Math.abs(low) * 0.1
    low -= pad
    high += pad
  }
  const count = Math.max(2, Math.floor(maxTicks))
  const raw = (high - low) / (count - 1)
  let magnitude = 10 ** Math.floor(Math.log10(raw))
  for (let attempt = 0; attempt < 4; attempt++, magnitude *= 10) {
    for (const mantissa of NICE_MANTISSAS) {
      const step = mantissa * magnitude
      if (mantissa === 2.5 && step < 25) continue
      const first = Math.floor(low / step + 1e-9)
      const last = Math.ceil(high / step - 1e-9)
      if (last - first + 1 > count) continue
      const ticks = Array.from({ length: last - first + 1 }, (_, i) => roundToStep((first + i) * step, step))
      return { domain: [ticks[0], ticks[ticks.length - 1]], ticks }
    }
  }
  return { domain: [low, high], ticks: [low, high] }
}

/**
 * A percent axis (values ×100) that zooms in on high rates as `percentDomain` does, with ticks at
 * round numbers and never past 100: [70, 100] → 70, 80, 90, 100.
 */
export function percentAxis(values: readonly (number | null)[], maxTicks = DEFAULT_MAX_TICKS): { domain: [number, number]; ticks: number[] } {
  const [lower, upper] = percentDomain(values)
  const axis = niceTicks(lower, upper, maxTicks)
  const ticks = axis.ticks.filter((t) => t >= 0 && t <= 100)
  return { domain: [Math.max(0, axis.domain[0]), Math.min(100, axis.domain[1])], ticks }
}

// ---------------------------------------------------------------------------------------------
// The partial last period of a day series

/** A last day whose data reach within this of its end counts as complete (events arrive continuously; a quiet half hour is no partial day). */
export const COMPLETE_WITHIN_MS = 30 * 60_000

/** The last period of a series, cut short by the range's end or by the data's latest timestamp. */
export interface PartialPeriod {
  /** The period's first day, YYYY-MM-DD. */
  period: string
  /** Epoch ms up to which the period has data (its start when it has none yet). */
  coveredUntil: number
  /** Share of the period covered, in [0, 1). */
  share: number
}

function toMs(value: string | number | null | undefined): number | null {
  if (value === null || value === undefined) return null
  const ms = typeof value === 'number' ? value : Date.parse(value)
  return Number.isFinite(ms) ? ms : null
}

/**
 * Whether the last period of a day (or week) series is partial: the data behind it stop before it
 * ends, either because the range ends inside it (`rangeEnd`, exclusive) or because the latest
 * event (`latestTs`, e.g. the newest prediction: today is still going on) is earlier than its end.
 * Partial when the data stop more than COMPLETE_WITHIN_MS before the period's end; null when it is
 * complete, or when neither bound is known. Such a period's figures are not a real drop.
 */
export function partialLastPeriod(
  lastPeriod: string | null | undefined,
  { rangeEnd, latestTs, periodDays = 1 }: { rangeEnd?: string | number | null; latestTs?: string | number | null; periodDays?: number },
): PartialPeriod | null {
  if (!lastPeriod || !isDay(lastPeriod)) return null
  const start = Date.parse(`${lastPeriod}T00:00:00Z`)
  const end = start + periodDays * MS_PER_DAY
  const bounds = [toMs(rangeEnd), toMs(latestTs)].filter((v): v is number => v !== null)
  if (bounds.length === 0) return null
  const coveredUntil = Math.max(start, Math.min(end, ...bounds))
  if (coveredUntil >= end - COMPLETE_WITHIN_MS) return null
  return { period: lastPeriod, coveredUntil, share: (coveredUntil - start) / (end - start) }
}

/** "data up to 13:05 UTC, 55% of the day"; "no data yet" for an uncovered period. */
export function partialPeriodCoverage(partial: PartialPeriod, unit: 'day' | 'week' = 'day'): string {
  if (partial.share <= 0) return 'no data yet'
  const until = new Date(partial.coveredUntil).toISOString()
  const at = unit === 'day' ? `${until.slice(11, 16)} UTC` : `${formatDayRange(until.slice(0, 10), until.slice(0, 10))} ${until.slice(11, 16)} UTC`
  return `data up to ${at}, ${Math.round(partial.share * 100)}% of the ${unit}`
}

/** "partial day: data up to 13:05 UTC, 55% of the day", for a tooltip. */
export function partialPeriodText(partial: PartialPeriod, unit: 'day' | 'week' = 'day'): string {
  return `partial ${unit}: ${partialPeriodCoverage(partial, unit)}`
}

/** The newest prediction among the models in scope (meta filters' `last_ts`), or null. */
export function latestDataTs(models: readonly { model: string; last_ts: string | null }[], model?: string | null): string | null {
  let latest: string | null = null
  for (const m of models) {
    if (model && m.model !== model) continue
    if (m.last_ts && (latest === null || Date.parse(m.last_ts) > Date.parse(latest))) latest = m.last_ts
  }
  return latest
}

/** Data key suffix of a series' dashed partial tail (see withPartialTail). */
export const PARTIAL_TAIL_SUFFIX = '__partial'

/**
 * Points of a line chart whose last point is partial, with each line's last segment moved to
 * `<key>__partial` (drawn dashed): the last two points carry the tail, the solid line stops one
 * point earlier. Unchanged when the last point is complete or there is no earlier point.
 */
export function withPartialTail<T extends object>(points: readonly T[], keys: readonly (keyof T & string)[], partial: boolean): Array<T & Record<string, unknown>> {
  const out = points.map((p) => ({ ...p })) as Array<T & Record<string, unknown>>
  if (!partial || out.length === 0) return out
  const last = out[out.length - 1]
  const previous = out.length >= 2 ? out[out.length - 2] : null
  for (const key of keys) {
    const tail = `${key}${PARTIAL_TAIL_SUFFIX}`
    ;(last as Record<string, unknown>)[tail] = last[key]
    if (previous) (previous as Record<string, unknown>)[tail] = previous[key]
    ;(last as Record<string, unknown>)[key] = null
  }
  return out
}

/** A series' value at a point, its partial tail included: what a tooltip shows. */
export function seriesValue(point: Record<string, unknown>, key: string): unknown {
  const value = point[key]
  return value === null || value === undefined ? point[`${key}${PARTIAL_TAIL_SUFFIX}`] : value
}
