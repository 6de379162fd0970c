import { dayOf, type DayBounds } from '@/lib/filters'
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
