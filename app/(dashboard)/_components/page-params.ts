/**
 * A page's own query parameters (calibration's `bins`, agreement's `reviewer_id`…), kept in the
 * URL next to the dashboard filters so that a view is still a link. The filters keep their place
 * and order (lib/filters.ts); page parameters follow in the order the page lists them. Links to
 * other pages carry only the filters and the auto-refresh (linkQuery, sidebar-nav.tsx), so page
 * parameters stay on their page.
 */
import { FILTER_KEYS, readUrlFilters, searchParamsFromFilters, updateSearchParams } from '@/lib/filters'
import { readRefresh, REFRESH_PARAM } from './auto-refresh'

/** Longer values are not ids anyone typed: they are dropped like the filters' (lib/filters.ts). */
const MAX_VALUE_LENGTH = 256

/** Anything with `get`, such as URLSearchParams or Next's ReadonlyURLSearchParams. */
export interface ParamsReader {
  get(name: string): string | null
}

/** A trimmed, non-empty parameter, or undefined. */
export function readPageParam(params: ParamsReader, key: string): string | undefined {
  const value = params.get(key)?.trim()
  return value && value.length <= MAX_VALUE_LENGTH ? value : undefined
}

/**
 * The query after setting the page's parameters `keys` to `values` (undefined or "" removes one):
 * filters first, other parameters as they were, then the page's keys in `keys` order.
 */
export function withPageParams(current: URLSearchParams, keys: readonly string[], values: Readonly<Record<string, string | undefined>>): URLSearchParams {
  if (keys.some((key) => (FILTER_KEYS as readonly string[]).includes(key))) {
    throw new Error('withPageParams: filter keys are set through lib/filters.ts')
  }
  // updateSearchParams with no patch copies and puts the filters first in their fixed order.
  const base = updateSearchParams(current, {})
  const kept = new Map<string, string>()
  for (const key of keys) {
    const value = key in values ? values[key]?.trim() : base.get(key) ?? undefined
    if (value) kept.set(key, value)
    base.delete(key)
  }
  for (const [key, value] of kept) base.set(key, value)
  return base
}

/** "?model=…&refresh=1m" for a link to another dashboard page: the filters and the auto-refresh, "" when neither is set. */
export function linkQuery(params: ParamsReader): string {
  const query = searchParamsFromFilters(readUrlFilters(params))
  const refresh = readRefresh(params)
  if (refresh) query.set(REFRESH_PARAM, refresh)
  const text = query.toString()
  return text ? `?${text}` : ''
}
