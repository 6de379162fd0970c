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
