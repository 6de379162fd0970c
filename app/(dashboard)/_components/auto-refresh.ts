/**
 * Auto-refresh of a dashboard page's figures (off unless asked for), kept in the URL as
 * `refresh=1m` like Grafana's, so a wall screen's link keeps refreshing. The sidebar's links
 * carry it from page to page with the filters (page-params.ts linkQuery).
 */
import { updateSearchParams } from '@/lib/filters'
import type { ParamsReader } from './page-params'

export const REFRESH_PARAM = 'refresh'

/**
 * The intervals offered. A minute is the floor: the metrics' react-query cache keeps an answer
 * fresh for a minute (app/providers.tsx), and ingest moves the figures by the minute, not faster.
 */
export const REFRESH_CHOICES = [
  { value: '1m', label: '1 min', ms: 60_000 },
  { value: '5m', label: '5 min', ms: 5 * 60_000 },
  { value: '15m', label: '15 min', ms: 15 * 60_000 },
] as const
export type RefreshValue = (typeof REFRESH_CHOICES)[number]['value']

/** The URL's interval; anything but an offered one means off. */
export function readRefresh(params: ParamsReader): RefreshValue | undefined {
  const value = params.get(REFRESH_PARAM)?.trim()
  return REFRESH_CHOICES.find((c) => c.value === value)?.value
}

/** react-query's refetchInterval for the URL's interval (false: off). */
export function refreshIntervalMs(value: RefreshValue | undefined): number | false {
  return REFRESH_CHOICES.find((c) => c.value === value)?.ms ?? false
}

/** The query with the interval set (undefined: off, the parameter removed); filters stay first. */
export function withRefresh(current: URLSearchParams, value: RefreshValue | undefined): URLSearchParams {
  const next = updateSearchParams(current, {})
  next.delete(REFRESH_PARAM)
  if (value) next.set(REFRESH_PARAM, value)
  return next
}
