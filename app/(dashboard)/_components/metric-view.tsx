'use client'

import { keepPreviousData, useQuery, type UseQueryResult } from '@tanstack/react-query'
import { useSearchParams } from 'next/navigation'
import type { ReactNode } from 'react'
import { DEFAULT_PRESET, presetRange, readUrlFilters, toApiFilters, updateSearchParams, type ApiFilters } from '@/lib/filters'
import { formatDay, formatDayRange } from '@/lib/format'
import { metaFiltersQueryOptions, metricQueryOptions, type MetricFamily, type MetricParams, type MetricResponse } from '../_queries'
import { readRefresh, refreshIntervalMs } from './auto-refresh'
import { scopeLine } from './chart-math'
import { dataBounds, rangeOutsideData } from './filter-options'
import { PageHeader, QueryContent, metricPageLabels } from './query-states'
import { RefreshControls } from './refresh-controls'
import { UpdatingToast } from './updating-toast'
import { writeQuery } from './url-state'

/** The dashboard filters in the URL, as the API takes them. */
export function useMetricFilters(): ApiFilters {
  return toApiFilters(readUrlFilters(useSearchParams()))
}

/**
 * A family's response for the filters in the URL and the page's own parameters. The previous
 * figures stay on screen (dimmed) while the next view loads: no flash of skeletons. With
 * auto-refresh on (`refresh` in the URL, auto-refresh.ts) it is fetched again on that timer.
 */
export function useMetricQuery<F extends MetricFamily>(family: F, params?: MetricParams): UseQueryResult<MetricResponse<F>> {
  const refetchInterval = refreshIntervalMs(readRefresh(useSearchParams()))
  return useQuery({ ...metricQueryOptions(family, useMetricFilters(), params), placeholderData: keepPreviousData, refetchInterval })
}

/**
 * What an empty page says when its range lies wholly after the last day with data (or before the
 * first), for the model in view: that day, and a button to the 30 days up to it. Null otherwise,
 * and the page's own empty text stands.
 */
function useOutsideDataEmptyState(): { title: string; text: ReactNode; action: ReactNode } | null {
  const searchParams = useSearchParams()
  const meta = useQuery(metaFiltersQueryOptions())
  const filters = readUrlFilters(searchParams)
  const bounds = meta.data ? dataBounds(meta.data.models, filters.model) : null
  const outside = rangeOutsideData(filters, bounds)
  if (!outside || !bounds) return null
  const who = filters.model ?? 'all models'
  const range = filters.from && filters.to ? formatDayRange(filters.from, filters.to) : formatDay((filters.from ?? filters.to)!, true)
  const latest = presetRange(DEFAULT_PRESET, bounds)
  const text =
    outside.side === 'after'
      ? `No data after ${formatDay(outside.day, true)}: the latest day with data for ${who} is ${formatDay(outside.day, true)}, and this range starts later.`
      : `No data before ${formatDay(outside.day, true)}: the first day with data for ${who} is ${formatDay(outside.day, true)}, and this range ends earlier.`
  return {
    title: `No data in ${range}`,
    text,
    action: (
      <button type="button" className="button-secondary" onClick={() => writeQuery(updateSearchParams(new URLSearchParams(window.location.search), latest), 'push')}>
        Show {formatDayRange(latest.from, latest.to)}, the last 30 days with data
      </button>
    ),
  }
}

/**
 * The body of a metric family's page: its title and the scope the server applied (the
 * `<family>-scope` line), when the figures were fetched with refresh and auto-refresh, the page's
 * controls, then the skeleton, the error with a retry, the empty state, or the content. While a
 * new view loads, the previous figures are dimmed and a note says so (UpdatingToast).
 */
export function MetricView<F extends MetricFamily>({
  family,
  title,
  query,
  scope = (data) => scopeLine(data.filters),
  controls,
  skeleton,
  isEmpty,
  empty,
  children,
}: {
  family: F
  title: string
  query: UseQueryResult<MetricResponse<F>>
  /** The scope line once the data is in; the filters the server applied by default. */
  scope?: (data: MetricResponse<F>) => string
  controls?: ReactNode
  /** The same skeleton as the page's (MetricPage), so the first load does not jump. */
  skeleton: ReactNode
  isEmpty: (data: MetricResponse<F>) => boolean
  /** The text of the empty state. */
  empty: ReactNode
  children: (data: MetricResponse<F>) => ReactNode
}) {
  const labels = metricPageLabels(title)
  const outside = useOutsideDataEmptyState()
  // A new view over the previous one's figures, or the same view fetched again (Refresh, auto-refresh).
  const updating = query.isPlaceholderData && query.isFetching
  const refreshing = !query.isPlaceholderData && query.isFetching && query.data !== undefined
  return (
    <>
      <PageHeader
        title={title}
        scopeTestId={`${family}-scope`}
        scope={query.data ? scope(query.data) : null}
        status={<RefreshControls updatedAt={query.isPlaceholderData ? 0 : query.dataUpdatedAt} state={updating ? 'updating' : refreshing ? 'refreshing' : 'idle'} />}
      />
      {controls}
      <QueryContent
        query={query}
        loadingLabel={labels.loading}
        skeleton={skeleton}
        errorTitle={labels.error}
        isEmpty={isEmpty}
        empty={outside?.text ?? empty}
        emptyTitle={outside?.title}
        emptyAction={outside?.action}
      >
        {children}
      </QueryContent>
      <UpdatingToast updating={updating} />
    </>
  )
}
