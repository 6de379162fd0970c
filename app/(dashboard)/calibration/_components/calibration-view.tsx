'use client'

import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { useSearchParams } from 'next/navigation'
import type { CalibrationGroup, CalibrationResponse } from '@/analytics/calibration/calibration.schema'
import { metaFiltersQueryOptions, metricQueryOptions } from '../../_queries'
import { ChartCard } from '../../_components/chart-card'
import { KpiCards, KpiCardsSkeleton } from '../../_components/kpi-cards'
import { MetricView, useMetricFilters, useMetricQuery } from '../../_components/metric-view'
import { usePartialLastPeriod } from '../../_components/use-partial-period'
import { BinTable } from './bin-table'
import { CalibrationChartsSkeleton, ConfidenceHistogram, Reliability, ReliabilityLegend } from './calibration-charts'
import { CalibrationControls } from './calibration-controls'
import { CalibrationGroups } from './calibration-groups'
import { readCalibrationOptions, toApiCalibrationOptions, type CalibrationOptions } from './calibration-options'
import { CalibrationTrend } from './calibration-trend'
import {
  calibrationVerdict,
  GROUP_BY_LABELS,
  histogramCsv,
  isEmptyCalibration,
  prepareCalibrationKpis,
  prepareCalibrationSeries,
  probabilityAxis,
  rangeDays,
  reliabilityCsv,
  reliabilityDomain,
  trendCsv,
  versionMarkers,
} from './prepare'

/** What the calibration shows while it loads: the KPI cards and the two charts. */
export function CalibrationSkeleton() {
  return (
    <>
      <KpiCardsSkeleton count={5} columns={5} />
      <CalibrationChartsSkeleton />
    </>
  )
}

export function CalibrationView() {
  const options = readCalibrationOptions(useSearchParams())
  const query = useMetricQuery('calibration', toApiCalibrationOptions(options))

  return (
    <MetricView
      family="calibration"
      title="Calibration"
      query={query}
      controls={<CalibrationControls />}
      skeleton={<CalibrationSkeleton />}
      isEmpty={isEmptyCalibration}
      empty="No predictions in this range — widen the dates or ingest telemetry: see README"
    >
      {(data) => <CalibrationContent data={data} options={options} />}
    </MetricView>
  )
}

/** Versions in the view per the filter bar's cached meta query: the selected model's, or every model's. */
function useVersionsInScope(model: string | null | undefined): number {
  const meta = useQuery(metaFiltersQueryOptions())
  const versions = new Set((meta.data?.models ?? []).filter((m) => !model || m.model === model).flatMap((m) => m.versions))
  return versions.size
}

/**
 * The versions of the view with their first_seen, for the trend's roll-out markers: the groups
 * themselves when grouped by version; else the same filters grouped by version (default bins: only
 * first_seen is read), asked only when the view holds more than one version.
 */
function useVersionGroups(data: CalibrationResponse): readonly Pick<CalibrationGroup, 'key' | 'first_seen' | 'last_seen'>[] {
  const grouped = data.group_by === 'model_version'
  const several = useVersionsInScope(data.filters.model) > 1 && !data.filters.model_version
  const query = useQuery({
    ...metricQueryOptions('calibration', useMetricFilters(), { group_by: 'model_version' }),
    enabled: !grouped && several,
    placeholderData: keepPreviousData,
  })
  if (grouped) return data.groups ?? []
  return several ? (query.data?.groups ?? []) : []
}

function CalibrationContent({ data, options }: { data: CalibrationResponse; options: CalibrationOptions }) {
  const verdict = calibrationVerdict(data)
  const domain = reliabilityDomain([data.reliability])
  const probability = probabilityAxis([data.reliability])
  const interval = data.interval
  const periods = prepareCalibrationSeries(data.series, interval)
  const partial = usePartialLastPeriod(periods[periods.length - 1]?.period, data.filters, interval === 'week' ? 7 : 1)
  const markers = versionMarkers(useVersionGroups(data), periods, interval, rangeDays(data.filters))
  const groupNames = data.group_by ? GROUP_BY_LABELS[data.group_by] : null
  return (
    <>
      <KpiCards kpis={prepareCalibrationKpis(data)} columns={5} label="Calibration figures" />

      <p className={`callout callout-${verdict.kind}`} role="note" data-testid="calibration-verdict">
        {verdict.text}
      </p>
      {data.warnings.map((warning) => (
        <p key={warning.code} className="callout" role="note">
          {warning.message}
        </p>
      ))}

      <div className="chart-grid chart-grid-calibration">
        <ChartCard
          title="Reliability diagram"
          testId="reliability-diagram"
          csv={reliabilityCsv(data)}
          subtitle={
            data.strategy === 'quantile' ? (
              <>
                Accuracy against mean confidence in {data.bins} bins of about equal size, one slot each.{' '}
                <strong>Below the dashed mean-confidence line the model is overconfident</strong> (red); above it, underconfident (blue).
              </>
            ) : (
              <>
                Accuracy against mean confidence per bin. <strong>Below the dashed diagonal the model is overconfident</strong>: it is right less
                often than its confidence claims (red). Above it, underconfident (blue).
              </>
            )
          }
        >
          <Reliability reliability={data.reliability} strategy={data.strategy} domain={domain} probability={probability} />
          <ReliabilityLegend strategy={data.strategy} />
        </ChartCard>
        <ChartCard
          title="Confidence histogram"
          testId="confidence-histogram"
          csv={histogramCsv(data)}
          subtitle="Predictions per confidence band, in fine bins; the dark part has a reference label (reviewed, audited or with an outcome)"
        >
          <ConfidenceHistogram histogram={data.histogram} />
        </ChartCard>
      </div>

      <div className="chart-grid">
        <ChartCard
          wide
          testId="calibration-trend"
          csv={trendCsv(data)}
          title={groupNames ? `ECE per ${interval} by ${groupNames.singular.toLowerCase()}` : `ECE and Brier score per ${interval}`}
          subtitle={`Lower is better. ${groupNames ? `One line per ${groupNames.singular.toLowerCase()} on its own bins; the dashed grey line is all of them together. ` : ''}${markers.length > 0 ? 'A dotted line marks where a version first appears. ' : ''}A ${interval} without labeled predictions is a gap; few labels make a ${interval}'s figure noisy${interval === 'day' ? ', try weeks' : ''}.`}
        >
          <CalibrationTrend series={data.series} interval={interval} groups={data.groups} groupBy={data.group_by} markers={markers} partial={partial} />
        </ChartCard>
      </div>

      <BinTable reliability={data.reliability} csv={reliabilityCsv(data, 'bins')} />

      {options.groupBy && data.groups && data.group_by ? <CalibrationGroups data={data} groups={data.groups} groupBy={data.group_by} /> : null}
    </>
  )
}
