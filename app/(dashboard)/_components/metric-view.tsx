'use client'

import { keepPreviousData, useQuery, type UseQueryResult } from '@tanstack/react-query'
import { useSearchParams } from 'next/navigation'
import type { ReactNode } from 'react'
import { readUrlFilters, toApiFilters, type ApiFilters } from '@/lib/filters'
import { metricQueryOptions, type MetricFamily, type MetricParams, type MetricResponse } from '../_queries'
import { scopeLine } from './chart-math'
import { PageHeader, QueryContent, metricPageLabels } from './query-states'

/** The dashboard filters in the URL, as the API takes them. */
export function useMetricFilters(): ApiFilters {
  return toApiFilters(readUrlFilters(useSearchParams()))
}

/**
 * A family's response for the filters in the URL and the page's own parameters. The previous
 * figures stay on screen (dimmed) while the next view loads: no flash of skeletons.
 */
export function useMetricQuery<F extends MetricFamily>(family: F, params?: MetricParams): UseQueryResult<MetricResponse<F>> {
  return useQuery({ ...metricQueryOptions(family, useMetricFilters(), params), placeholderData: keepPreviousData })
}

/**
 * The body of a metric family's page: its title and the scope the server applied (the
 * `<family>-scope` line), the page's controls, then the skeleton, the error with a retry, the
 * empty state, or the content.
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
  return (
    <>
      <PageHeader title={title} scopeTestId={`${family}-scope`} scope={query.data ? scope(query.data) : null} refreshing={query.isFetching && !!query.data} />
      {controls}
      <QueryContent query={query} loadingLabel={labels.loading} skeleton={skeleton} errorTitle={labels.error} isEmpty={isEmpty} empty={empty}>
        {children}
      </QueryContent>
    </>
  )
}
