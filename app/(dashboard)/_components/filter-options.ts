import { dayOf, type DayBounds, type UrlFilters } from '@/lib/filters'
import { formatDayRange } from '@/lib/format'
import type { MetaModel } from '../_queries'

/** An option of a filter select; `value` is what goes in the URL. */
export interface FilterOption {
  value: string
  label: string
}

function sortedUnique(values: Iterable<string>): string[] {
  // Blank segments/versions (the SPEC default "") cannot be told apart from "all" in a URL: not offered.
  return [...new Set([...values].filter((v) => v.trim() !== ''))].sort((a, b) => a.localeCompare(b))
}

/** The models the user may narrow to. */
export function modelOptions(models: readonly MetaModel[]): FilterOption[] {
  return sortedUnique(models.map((m) => m.model)).map((value) => ({ value, label: value }))
}

/** Models in scope: the chosen one, or all of them when none is chosen (or the chosen one is unknown). */
function modelsInScope(models: readonly MetaModel[], model: string | undefined): readonly MetaModel[] {
  if (!model) return models
  const chosen = models.filter((m) => m.model === model)
  return chosen.length > 0 ? chosen : models
}

/** Segments of the chosen model; of every model when none is chosen. */
export function segmentOptions(models: readonly MetaModel[], model: string | undefined): FilterOption[] {
  return sortedUnique(modelsInScope(models, model).flatMap((m) => m.segments)).map((value) => ({ value, label: value }))
}

/** Versions of the chosen model; of every model when none is chosen. */
export function versionOptions(models: readonly MetaModel[], model: string | undefined): FilterOption[] {
  return sortedUnique(modelsInScope(models, model).flatMap((m) => m.versions)).map((value) => ({ value, label: value }))
}

/**
 * Review queues of the chosen model; of every model when none is chosen. Sorted as people count
 * ("kyc-2" before "kyc-10"), as the Workload page's queue picker lists them.
 */
export function queueOptions(models: readonly MetaModel[], model: string | undefined): FilterOption[] {
  const queues = new Set(modelsInScope(models, model).flatMap((m) => m.queues).filter((q) => q.trim() !== ''))
  return [...queues].sort((a, b) => a.localeCompare(b, 'en', { numeric: true })).map((value) => ({ value, label: value }))
}

/** First and last day with data for the chosen model (all models when none): what the date presets count back from. */
export function dataBounds(models: readonly MetaModel[], model: string | undefined): DayBounds | null {
  let first: string | undefined
  let last: string | undefined
  for (const m of modelsInScope(models, model)) {
    const f = m.first_ts ? dayOf(m.first_ts) : undefined
    const l = m.last_ts ? dayOf(m.last_ts) : undefined
    if (f && (!first || f < first)) first = f
    if (l && (!last || l > last)) last = l
  }
  return first && last ? { first, last } : null
}

/**
 * A selected value that the options do not list (an old link, a model with no data yet) is kept
 * and shown as such rather than silently dropped, so the page and the URL agree.
 */
export function withSelected(options: FilterOption[], selected: string | undefined): FilterOption[] {
  if (!selected || options.some((o) => o.value === selected)) return options
  return [...options, { value: selected, label: `${selected} (no data)` }]
}

/** How many filters narrow the view: model, segment, version, and the dates as one (the default range is none). */
export function activeFilterCount(filters: UrlFilters): number {
  return [filters.model, filters.segment, filters.model_version, filters.from ?? filters.to].filter(Boolean).length
}

/**
 * The filters in one line, for the collapsed filter bar on a phone:
 * "fraud-detector · EU · Nov 20 – Dec 3, 2026 (UTC)". `range` is the range on screen (the URL's
 * or the default one), `isDefault` when the URL names no dates.
 */
export function filterSummary(filters: UrlFilters, range: { from?: string; to?: string }, isDefault: boolean): string {
  const parts: string[] = [filters.model ?? 'All models']
  if (filters.segment) parts.push(filters.segment)
  if (filters.model_version) parts.push(filters.model_version)
  const { from, to } = range
  const days = from && to ? formatDayRange(from, to) : from ? `from ${formatDayRange(from, from)}` : to ? `to ${formatDayRange(to, to)}` : null
  if (days) parts.push(`${days} (${isDefault ? 'default, ' : ''}UTC)`)
  return parts.join(' · ')
}

/**
 * A range that lies wholly after the last day with data or before the first: what an empty page
 * says instead of "widen the dates" (query-states.tsx). Null when the range meets the data.
 */
export function rangeOutsideData(range: { from?: string; to?: string }, bounds: DayBounds | null): { side: 'after' | 'before'; day: string } | null {
  if (!bounds) return null
  if (range.from && range.from > bounds.last) return { side: 'after', day: bounds.last }
  if (range.to && range.to < bounds.first) return { side: 'before', day: bounds.first }
  return null
}
