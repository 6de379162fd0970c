/**
 * The dashboard filters and their two spellings.
 *
 * In the URL (what a user shares as a link) dates are whole UTC days and both ends are
 * INCLUDED: `?model=fraud&from=2026-11-01&to=2026-11-07` means the seven days 1–7 November.
 * The API takes the half-open timestamp range of SPEC §3 ([from, to)), so `to` becomes the
 * start of the day AFTER the last included one: from=2026-11-01T00:00:00.000Z,
 * to=2026-11-08T00:00:00.000Z. This file is the one place that conversion happens.
 */

/** Query keys, in the order they are written to the URL. */
export const FILTER_KEYS = ['model', 'segment', 'model_version', 'from', 'to'] as const
export type FilterKey = (typeof FILTER_KEYS)[number]

/** Filters as they stand in the URL: `from`/`to` are YYYY-MM-DD days, `to` included. */
export interface UrlFilters {
  model?: string
  segment?: string
  model_version?: string
  from?: string
  to?: string
}

/** Filters as the API takes them: `from`/`to` are ISO-8601 UTC timestamps, `to` excluded. */
export interface ApiFilters {
  model?: string
  segment?: string
  model_version?: string
  from?: string
  to?: string
}

/** Anything with `get`, such as URLSearchParams or Next's ReadonlyURLSearchParams, or a page's searchParams object. */
export type SearchParamsLike = { get(name: string): string | null } | Record<string, string | string[] | undefined>

/** SPEC §2 caps model names at 128 characters; longer values cannot match anything. */
const MAX_VALUE_LENGTH = 256
const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/
const MS_PER_DAY = 86_400_000

function readParam(params: SearchParamsLike, key: string): string | undefined {
  let raw: string | null | undefined
  if (typeof params.get === 'function') {
    raw = (params as { get(name: string): string | null }).get(key)
  } else {
    const value = (params as Record<string, string | string[] | undefined>)[key]
    raw = Array.isArray(value) ? value[0] : value
  }
  const trimmed = raw?.trim()
  return trimmed && trimmed.length <= MAX_VALUE_LENGTH ? trimmed : undefined
}

/** True for a real calendar day written YYYY-MM-DD (2026-02-30 is not one). */
export function isDay(value: string): boolean {
  if (!DAY_PATTERN.test(value)) return false
  const date = new Date(`${value}T00:00:00.000Z`)
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value
}

/** Day arithmetic in UTC: addDays('2026-02-28', 1) → '2026-03-01'. */
export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00.000Z`)
  return new Date(date.getTime() + days * MS_PER_DAY).toISOString().slice(0, 10)
}

/** The UTC day a timestamp falls on, or undefined when it is not a timestamp. */
export function dayOf(timestamp: string): string | undefined {
  const time = Date.parse(timestamp)
  return Number.isNaN(time) ? undefined : new Date(time).toISOString().slice(0, 10)
}

/** Reads the filters from the URL; blank values and malformed days are dropped. */
export function readUrlFilters(params: SearchParamsLike): UrlFilters {
  const filters: UrlFilters = {}
  for (const key of FILTER_KEYS) {
    const value = readParam(params, key)
    if (value === undefined) continue
    if ((key === 'from' || key === 'to') && !isDay(value)) continue
    filters[key] = value
  }
  return filters
}

/** URL filters → API filters: days become UTC midnights, and the included `to` day becomes the next midnight. */
export function toApiFilters(filters: UrlFilters): ApiFilters {
  const api: ApiFilters = {}
  if (filters.model) api.model = filters.model
  if (filters.segment) api.segment = filters.segment
  if (filters.model_version) api.model_version = filters.model_version
  if (filters.from && isDay(filters.from)) api.from = `${filters.from}T00:00:00.000Z`
  if (filters.to && isDay(filters.to)) api.to = `${addDays(filters.to, 1)}T00:00:00.000Z`
  return api
}

/** The URL query → the filters to send to the API (half-open range). */
export function filtersFromSearchParams(params: SearchParamsLike): ApiFilters {
  return toApiFilters(readUrlFilters(params))
}

/**
 * The reverse: API filters (e.g. the `filters` echoed in a response, nulls allowed) → URL filters.
 * An exclusive `to` at midnight means the day before was the last one included; a `to` inside a
 * day means that day is partly included, so it is the last day shown.
 */
export function urlFiltersFromApiFilters(api: { [K in keyof ApiFilters]?: string | null }): UrlFilters {
  const filters: UrlFilters = {}
  if (api.model) filters.model = api.model
  if (api.segment) filters.segment = api.segment
  if (api.model_version) filters.model_version = api.model_version
  if (api.from) {
    const day = dayOf(api.from)
    if (day) filters.from = day
  }
  if (api.to) {
    const time = Date.parse(api.to)
    if (!Number.isNaN(time)) {
      const atMidnight = time % MS_PER_DAY === 0
      filters.to = new Date(atMidnight ? time - MS_PER_DAY : time).toISOString().slice(0, 10)
    }
  }
  return filters
}

/** URL filters → URLSearchParams in a stable key order (so equal views give equal links). */
export function searchParamsFromFilters(filters: UrlFilters): URLSearchParams {
  const params = new URLSearchParams()
  for (const key of FILTER_KEYS) {
    const value = filters[key]
    if (value) params.set(key, value)
  }
  return params
}

/** "?model=a&from=…" or "" when no filter is set. */
export function filterQueryString(filters: UrlFilters): string {
  const query = searchParamsFromFilters(filters).toString()
  return query ? `?${query}` : ''
}

/** The first and last day that hold data, inclusive. */
export interface DayBounds {
  first: string
  last: string
}

export const DATE_PRESETS = [
  { id: '7d', label: '7d', days: 7, title: 'The last 7 days with data' },
  { id: '14d', label: '14d', days: 14, title: 'The last 14 days with data' },
  { id: '30d', label: '30d', days: 30, title: 'The last 30 days with data' },
  { id: 'all', label: 'All', days: null, title: 'Every day with data' },
] as const
export type DatePresetId = (typeof DATE_PRESETS)[number]['id']

/**
 * The day range of a preset. Ranges end on the last day with data rather than today, so a
 * view of telemetry that stopped arriving (or a demo seeded last week) is never empty.
 */
export function presetRange(id: DatePresetId, bounds: DayBounds): { from: string; to: string } {
  const preset = DATE_PRESETS.find((p) => p.id === id)
  if (!preset || preset.days === null) return { from: bounds.first, to: bounds.last }
  return { from: addDays(bounds.last, -(preset.days - 1)), to: bounds.last }
}

/**
 * The range the API uses when the URL names no dates: the 30 days up to the latest prediction
 * (DEFAULT_WINDOW_DAYS in analytics/shared/filters.schema.ts). The filter bar shows it as such.
 */
export const DEFAULT_PRESET: DatePresetId = '30d'

/** Which preset the URL's range equals, if any. */
export function activePreset(filters: UrlFilters, bounds: DayBounds | null): DatePresetId | null {
  if (!bounds || !filters.from || !filters.to) return null
  for (const preset of DATE_PRESETS) {
    const range = presetRange(preset.id, bounds)
    if (range.from === filters.from && range.to === filters.to) return preset.id
  }
  return null
}

/**
 * The URL query after changing some filters: filter keys first in their fixed order, then any
 * other parameters of the page (e.g. calibration's `bins`) kept as they were. A patch value of
 * undefined or "" clears that filter.
 */
export function updateSearchParams(current: URLSearchParams, patch: Partial<Record<FilterKey, string | undefined>>): URLSearchParams {
  // A copy: Next's ReadonlyURLSearchParams must not be mutated.
  const currentParams = new URLSearchParams(current)
  const filters: UrlFilters = { ...readUrlFilters(currentParams) }
  for (const key of FILTER_KEYS) {
    if (!(key in patch)) continue
    const value = patch[key]?.trim()
    const valid = value && ((key !== 'from' && key !== 'to') || isDay(value))
    if (valid) filters[key] = value
    else delete filters[key]
  }
  const next = searchParamsFromFilters(filters)
  for (const [key, value] of currentParams) {
    if (!(FILTER_KEYS as readonly string[]).includes(key)) next.append(key, value)
  }
  return next
}

/** The query string that carries only the filters of `params` (for links to other dashboard pages). */
export function filterQueryFromSearchParams(params: SearchParamsLike): string {
  return filterQueryString(readUrlFilters(params))
}
