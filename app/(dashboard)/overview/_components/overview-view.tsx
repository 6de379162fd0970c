'use client'

import { usePathname, useSearchParams } from 'next/navigation'
import type { UseQueryResult } from '@tanstack/react-query'
import { updateSearchParams } from '@/lib/filters'
import type { OverviewResponse } from '@/analytics/overview/overview.schema'
import type { MetricResponse } from '../../_queries'
import { ChartGridSkeleton } from '../../_components/chart-card'
import { KpiCards, KpiCardsSkeleton } from '../../_components/kpi-cards'
import { MetricView, useMetricQuery } from '../../_components/metric-view'
import { ModelTable, type EceColumn } from './model-table'
import { OverviewCharts } from './overview-charts'
import { isEmptyOverview, modelTableCsv, prepareKpis, prepareModelRows, type ModelEce } from './prepare'

/**
 * ECE per model for the by-model table: the calibration family's own answer for the same filters
 * with group_by=model (its default bins), asked by the page beside the overview. ECE stays defined
 * once, in analytics/calibration, and the Overview API keeps SPEC §3.0's figures; the column
 * fills in when its request returns, without holding up the rest of the page.
 */
function useModelEce(): UseQueryResult<MetricResponse<'calibration'>> {
  return useMetricQuery('calibration', { group_by: 'model' })
}

function eceColumnOf(query: UseQueryResult<MetricResponse<'calibration'>>): EceColumn {
  if (query.data?.groups) {
    const ece: ModelEce = new Map(query.data.groups.map((g) => [g.key, { ece: g.ece, labeled: g.labeled }]))
    return { status: 'success', ece }
  }
  return query.isError ? { status: 'error' } : { status: 'pending' }
}

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
  const calibrationHref = (model: string) => `/calibration?${updateSearchParams(searchParams, { model })}`
  const eceQuery = useModelEce()

  return (
    <MetricView
      family="overview"
      title="Overview"
      query={query}
      skeleton={<OverviewSkeleton />}
      isEmpty={isEmptyOverview}
      empty="No predictions in this range — widen the dates or ingest telemetry: see README"
    >
      {(data) => <OverviewContent data={data} eceColumn={eceColumnOf(eceQuery)} hrefForModel={hrefForModel} calibrationHref={calibrationHref} />}
    </MetricView>
  )
}

function OverviewContent({
  data,
  eceColumn,
  hrefForModel,
  calibrationHref,
}: {
  data: OverviewResponse
  eceColumn: EceColumn
  hrefForModel: (model: string) => string
  calibrationHref: (model: string) => string
}) {
  return (
    <>
      <KpiCards kpis={prepareKpis(data)} />
      <OverviewCharts series={data.series} filters={data.filters} />
      {data.models.length > 0 ? (
        <ModelTable
          rows={prepareModelRows(data.models)}
          hrefForModel={hrefForModel}
          eceColumn={eceColumn}
          calibrationHref={calibrationHref}
          csv={modelTableCsv(data.models, data.filters, eceColumn.status === 'success' ? eceColumn.ece : null)}
        />
      ) : null}
    </>
  )
}
