'use client'

import { usePathname, useSearchParams } from 'next/navigation'
import { updateSearchParams } from '@/lib/filters'
import { ChartGridSkeleton } from '../../_components/chart-card'
import { KpiCards, KpiCardsSkeleton } from '../../_components/kpi-cards'
import { MetricView, useMetricQuery } from '../../_components/metric-view'
import { ModelTable } from './model-table'
import { OverviewCharts } from './overview-charts'
import { isEmptyOverview, prepareKpis, prepareModelRows } from './prepare'

/** What the overview shows while it loads: the KPI cards and the charts. */
export function OverviewSkeleton() {
  return (
    <>
      <KpiCardsSkeleton />
      <ChartGridSkeleton />
    </>
  )
}

export function OverviewView() {
  const searchParams = useSearchParams()
  const pathname = usePathname()
  const query = useMetricQuery('overview')

  const hrefForModel = (model: string) => `${pathname}?${updateSearchParams(searchParams, { model, segment: undefined, model_version: undefined })}`

  return (
    <MetricView
      family="overview"
      title="Overview"
      query={query}
      skeleton={<OverviewSkeleton />}
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
    </MetricView>
  )
}
