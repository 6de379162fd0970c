'use client'

import { useQuery } from '@tanstack/react-query'
import { usePathname, useSearchParams } from 'next/navigation'
import { ApiError } from '@/lib/api-client'
import { readUrlFilters, toApiFilters, updateSearchParams, urlFiltersFromApiFilters } from '@/lib/filters'
import { formatDayRange } from '@/lib/format'
import { overviewQueryOptions, type OverviewResponse } from '../_queries'
import { KpiCards, KpiCardsSkeleton } from './kpi-cards'
import { ModelTable } from './model-table'
import { OverviewCharts, OverviewChartsSkeleton } from './overview-charts'
import { isEmptyOverview, prepareKpis, prepareModelRows } from './prepare'

/** "Oct 25 – Nov 23, 2026 · fraud-detector · segment EU" from the filters the API applied. */
function scopeLine(filters: OverviewResponse['filters']): string {
  const days = urlFiltersFromApiFilters(filters)
  const parts: string[] = []
  if (days.from && days.to) parts.push(formatDayRange(days.from, days.to))
  parts.push(filters.model ? filters.model : 'all models')
  if (filters.segment) parts.push(`segment ${filters.segment}`)
  if (filters.model_version) parts.push(`version ${filters.model_version}`)
  return parts.join(' · ')
}

export function OverviewView() {
  const searchParams = useSearchParams()
  const pathname = usePathname()
  const apiFilters = toApiFilters(readUrlFilters(searchParams))
  // Keep showing the previous figures while the next filter's load: no flash of skeletons.
  const query = useQuery({ ...overviewQueryOptions(apiFilters), placeholderData: (previous) => previous })

  const hrefForModel = (model: string) => `${pathname}?${updateSearchParams(searchParams, { model, segment: undefined, model_version: undefined })}`

  return (
    <>
      <header className="page-header">
        <div>
          <h1>Overview</h1>
          <p className="muted" data-testid="overview-scope">
            {query.data ? scopeLine(query.data.filters) : '\u00a0'}
          </p>
        </div>
        {query.isFetching && query.data ? (
          <span className="muted small" role="status">
            Refreshing…
          </span>
        ) : null}
      </header>

      {query.isPending ? (
        <div aria-busy="true" aria-label="Loading the overview">
          <KpiCardsSkeleton />
          <OverviewChartsSkeleton />
        </div>
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} retrying={query.isFetching} />
      ) : isEmptyOverview(query.data) ? (
        <EmptyState />
      ) : (
        <div className={query.isPlaceholderData ? 'stale' : undefined}>
          <KpiCards kpis={prepareKpis(query.data)} />
          <OverviewCharts series={query.data.series} />
          {query.data.models.length > 0 ? <ModelTable rows={prepareModelRows(query.data.models)} hrefForModel={hrefForModel} /> : null}
        </div>
      )}
    </>
  )
}

function EmptyState() {
  return (
    <section className="card empty-state" role="status">
      <h2>No data</h2>
      <p>No predictions in this range — widen the dates or ingest telemetry: see README</p>
    </section>
  )
}

function ErrorState({ error, onRetry, retrying }: { error: Error; onRetry: () => void; retrying: boolean }) {
  const apiError = error instanceof ApiError ? error : null
  return (
    <section className="card error-state" role="alert">
      <h2>The overview could not be loaded</h2>
      <p className="error-text">{error.message}</p>
      {apiError ? (
        <p className="muted small">
          {apiError.status ? `HTTP ${apiError.status} · ` : ''}
          {apiError.code}
        </p>
      ) : null}
      <button type="button" className="button-secondary" onClick={onRetry} disabled={retrying}>
        {retrying ? 'Retrying…' : 'Retry'}
      </button>
    </section>
  )
}
