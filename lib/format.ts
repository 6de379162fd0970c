/**
 * Number and date formatting for the dashboard. The locale and the time zone are fixed
 * (en-US, UTC) so the server render and the browser agree and telemetry days (UTC) are shown
 * as the API counts them.
 */

/** Shown for a figure that does not exist, e.g. a rate of 0 of 0 (null, never NaN). */
export const NO_VALUE = '—'

const countFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 })
const compactFormat = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 })
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const
const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/

function isFiniteNumber(value: number | null | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value)
}

/** 1234567 → "1,234,567". */
export function formatCount(value: number | null | undefined): string {
  return isFiniteNumber(value) ? countFormat.format(value) : NO_VALUE
}

/** 1234567 → "1.2M", 33000 → "33K": for axis ticks, where space is short. */
export function formatCompact(value: number | null | undefined): string {
  return isFiniteNumber(value) ? compactFormat.format(value) : NO_VALUE
}

/** A rate in [0, 1] as a percentage: 0.1834 → "18.3%". null (0 of 0) → "—". */
export function formatPercent(rate: number | null | undefined, digits = 1): string {
  if (!isFiniteNumber(rate)) return NO_VALUE
  // Avoid "-0.0%" for tiny negative rounding noise.
  const percent = Math.abs(rate) < 0.5 * 10 ** -(digits + 2) ? 0 : rate * 100
  return `${percent.toFixed(digits)}%`
}

/** A day "2026-10-25" → "Oct 25" (with the year when asked). Anything else is returned as is. */
export function formatDay(day: string, withYear = false): string {
  const match = DAY_PATTERN.exec(day)
  if (!match) return day
  const month = MONTHS[Number(match[2]) - 1]
  if (!month) return day
  const label = `${month} ${Number(match[3])}`
  return withYear ? `${label}, ${match[1]}` : label
}

/** An inclusive day range: "Oct 25 – Nov 23, 2026", or "Dec 30, 2025 – Jan 5, 2026" across years. */
export function formatDayRange(from: string, to: string): string {
  if (from === to) return formatDay(from, true)
  const sameYear = from.slice(0, 4) === to.slice(0, 4) && DAY_PATTERN.test(from) && DAY_PATTERN.test(to)
  return `${formatDay(from, !sameYear)} – ${formatDay(to, true)}`
}

/**
 * A moment as the time of day in UTC, "14:02:31 UTC", with the day in front when it is not
 * the day of `now` ("Dec 3, 14:02:31 UTC"). For "updated at" labels.
 */
export function formatUpdatedAt(ms: number, now: number): string {
  if (!Number.isFinite(ms)) return NO_VALUE
  const iso = new Date(ms).toISOString()
  const time = `${iso.slice(11, 19)} UTC`
  const day = iso.slice(0, 10)
  return Number.isFinite(now) && new Date(now).toISOString().slice(0, 10) === day ? time : `${formatDay(day)}, ${time}`
}
