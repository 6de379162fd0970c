'use client'

import { useQuery } from '@tanstack/react-query'
import { usePathname, useSearchParams } from 'next/navigation'
import type { AgreementResponse } from '@/analytics/agreement/agreement.schema'
import { metricQueryOptions } from '../../_queries'
import { ChartCard, ChartGridSkeleton } from '../../_components/chart-card'
import { scopeLine } from '../../_components/chart-math'
import { KpiCards, KpiCardsSkeleton } from '../../_components/kpi-cards'
import { MetricView, useMetricFilters, useMetricQuery } from '../../_components/metric-view'
import { AgreementOverTime } from './agreement-chart'
import { AgreementControls } from './agreement-controls'
import { readAgreementOptions, updateAgreementOptions } from './agreement-options'
import { ConfusionHeatmap } from './confusion-heatmap'
import { confusionCsv, seriesCsv } from './agreement-csv'
import { interReviewerScope, isEmptyAgreement, prepareAgreementKpis, prepareInterReviewerKpis } from './prepare'
import { ReviewerTable } from './reviewer-table'
import { TopConfusions } from './top-confusions'
import styles from './agreement.module.css'

/** Above this many labels the heatmap takes the full width (all models in view give a dozen). */
const WIDE_HEATMAP_LABELS = 5

/** What the agreement shows while it loads: both rows of KPI cards and the two charts. */
export function AgreementSkeleton() {
  return (
    <>
      <KpiCardsSkeleton count={4} />
      <KpiCardsSkeleton count={5} columns={5} />
      <ChartGridSkeleton count={2} />
    </>
  )
}

export function AgreementView() {
  const searchParams = useSearchParams()
  const pathname = usePathname()
  const options = readAgreementOptions(searchParams)
  const query = useMetricQuery('agreement', options)
  // With a reviewer chosen, the reviewer list comes from the same view without that filter (usually cached already).
  const everyone = useQuery({ ...metricQueryOptions('agreement', useMetricFilters(), { queue: options.queue }), enabled: options.reviewer_id !== undefined })
  const reviewerSource = options.reviewer_id ? everyone.data : query.data
  const reviewerIds = reviewerSource?.reviewers.map((r) => r.reviewer_id) ?? []

  const hrefForReviewer = (reviewerId: string) => `${pathname}?${updateAgreementOptions(new URLSearchParams(searchParams), { reviewer_id: reviewerId })}`

  return (
    <MetricView
      family="agreement"
      title="Agreement"
      query={query}
      scope={(data) =>
        scopeLine(data.filters, [data.filters.reviewer_id ? `reviewer ${data.filters.reviewer_id}` : null, data.filters.queue ? `queue ${data.filters.queue}` : null])
      }
      controls={<AgreementControls reviewerIds={reviewerIds} />}
      skeleton={<AgreementSkeleton />}
      isEmpty={isEmptyAgreement}
      empty={
        <>
          No reviews in this view{options.reviewer_id || options.queue ? ' for this reviewer or queue' : ''} — widen the dates, clear the reviewer and
          queue, or ingest review telemetry: see README
        </>
      }
    >
      {(data) => <AgreementContent data={data} teamReviewers={options.reviewer_id ? everyone.data?.reviewers : undefined} hrefForReviewer={hrefForReviewer} />}
    </MetricView>
  )
}

function AgreementContent({
  data,
  teamReviewers,
  hrefForReviewer,
}: {
  data: AgreementResponse
  teamReviewers: AgreementResponse['reviewers'] | undefined
  hrefForReviewer: (id: string) => string
}) {
  const wide = data.confusion.labels.length > WIDE_HEATMAP_LABELS
  const mixedModels = !data.filters.model
  const reviewer = data.filters.reviewer_id
  return (
    <>
      <header className="section-header">
        <h2>Model vs human</h2>
        <p className="muted small">
          {reviewer ? `${reviewer}'s reviews only. ` : ''}Each counted review is a pair: the model&apos;s predicted label and the reviewer&apos;s label.
        </p>
      </header>
      <KpiCards kpis={prepareAgreementKpis(data)} label="Model–human agreement" />

      <header className="section-header">
        <h2>Between reviewers</h2>
        <p className="muted small" data-testid="inter-reviewer-scope">
          {interReviewerScope(data.inter_reviewer)}
        </p>
      </header>
      <KpiCards kpis={prepareInterReviewerKpis(data.inter_reviewer)} columns={5} label="Inter-reviewer agreement" />

      <div className="chart-grid">
        <ChartCard
          wide={wide}
          title="Confusion matrix"
          testId="confusion-card"
          subtitle={
            <>
              Rows: the model&apos;s label; columns: the reviewer&apos;s. Colour grows with the share of the row.
              {mixedModels ? ' All models are in view, so their labels mix: pick a model to see one model’s labels.' : ''}
            </>
          }
          csv={confusionCsv(data)}
        >
          <ConfusionHeatmap confusion={data.confusion} />
        </ChartCard>
        <div className={`${styles.confusionsItem}${wide ? ' chart-card-wide' : ''}`} data-testid="top-confusions-card">
          <TopConfusions data={data} />
        </div>
        <ChartCard
          wide
          title="Agreement over time"
          subtitle="Share of each day's reviews whose label matches the model's (line), and the reviews it is measured on (bars)"
          csv={seriesCsv(data)}
        >
          <AgreementOverTime series={data.series} />
        </ChartCard>
      </div>

      <ReviewerTable data={data} teamReviewers={teamReviewers} hrefForReviewer={hrefForReviewer} />
    </>
  )
}
