'use client'

import { useQuery } from '@tanstack/react-query'
import { usePathname, useSearchParams } from 'next/navigation'
import { readUrlFilters, toApiFilters, updateSearchParams } from '@/lib/filters'
import { ChartGridSkeleton } from '../../_components/chart-card'
import { scopeLine } from '../../_components/chart-math'
import { KpiCards, KpiCardsSkeleton } from '../../_components/kpi-cards'
import { PageHeader, QueryContent } from '../../_components/query-states'
import { overviewQueryOptions } from '../_queries'
import { ModelTable } from './model-table'
import { OverviewCharts } from './overview-charts'
import { isEmptyOverview, prepareKpis, prepareModelRows } from './prepare'

export function OverviewView() {
  const searchParams = useSearchParams()
  const pathname = usePathname()
  const apiFilters = toApiFilters(readUrlFilters(searchParams))
  // Keep showing the previous figures while the next filter's load: no flash of skeletons.
  const query = useQuery({ ...overviewQueryOptions(apiFilters), placeholderData: (previous) => previous })

  const hrefForModel = (model: string) => `${pathname}?${updateSearchParams(searchParams, { model, segment: undefined, model_version: undefined })}`

  return (
    <>
      <PageHeader title="Overview" scopeTestId="overview-scope" scope={query.data ? scopeLine(query.data.filters) : null} refreshing={query.isFetching && !!query.data} />

      <QueryContent
        query={query}
        loadingLabel="Loading the overview"
        skeleton={
          <>
            <KpiCardsSkeleton />
            <ChartGridSkeleton />
          </>
        }
        errorTitle="The overview could not be loaded"
        isEmpty={isEmptyOverview}
        empty="No predictions in this range — widen the dates or ingest telemetry: see README"
      >
        {(data) => (
          <>
            <KpiCards kpis={prepareKpis(data)} />
            <OverviewCharts series={data.series} />
            {data.models.length > 0 ? <ModelTable rows={prepareModelRows(data.models)} hrefForModel={hrefForModel} /> : null}
          </>
        )}
      </QueryContent>
    </>
  )
}
