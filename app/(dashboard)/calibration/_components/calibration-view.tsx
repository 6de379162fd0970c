'use client'

import { useSearchParams } from 'next/navigation'
import type { CalibrationResponse } from '@/analytics/calibration/calibration.schema'
import { ChartCard } from '../../_components/chart-card'
import { KpiCards, KpiCardsSkeleton } from '../../_components/kpi-cards'
import { MetricView, useMetricQuery } from '../../_components/metric-view'
import { BinTable } from './bin-table'
import { CalibrationChartsSkeleton, CalibrationTrend, ConfidenceHistogram, ReliabilityDiagram, ReliabilityLegend } from './calibration-charts'
import { CalibrationControls } from './calibration-controls'
import { CalibrationGroups } from './calibration-groups'
import { readCalibrationOptions, toApiCalibrationOptions, type CalibrationOptions } from './calibration-options'
import { calibrationVerdict, isEmptyCalibration, prepareCalibrationKpis, reliabilityDomain } from './prepare'

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

function CalibrationContent({ data, options }: { data: CalibrationResponse; options: CalibrationOptions }) {
  const verdict = calibrationVerdict(data)
  const domain = reliabilityDomain([data.reliability])
  const interval = options.interval === 'week' ? 'week' : 'day'
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
          subtitle={
            <>
              Accuracy against mean confidence per bin. <strong>Below the dashed diagonal the model is overconfident</strong>: it is right less
              often than its confidence claims (red). Above it, underconfident (blue).
            </>
          }
        >
          <ReliabilityDiagram reliability={data.reliability} domain={domain} />
          <ReliabilityLegend />
        </ChartCard>
        <ChartCard title="Confidence histogram" subtitle="Predictions per confidence band, in fine bins; the dark part has a reference label (reviewed, audited or with an outcome)">
          <ConfidenceHistogram histogram={data.histogram} />
        </ChartCard>
      </div>

      <div className="chart-grid">
        <ChartCard
          wide
          title={`ECE and Brier score per ${interval}`}
          subtitle={`Lower is better. A ${interval} without labeled predictions is a gap; few labels make a ${interval}'s figure noisy${interval === 'day' ? ', try weeks' : ''}.`}
        >
          <CalibrationTrend series={data.series} interval={interval} />
        </ChartCard>
      </div>

      <BinTable reliability={data.reliability} />

      {options.groupBy && data.groups ? <CalibrationGroups groups={data.groups} groupBy={options.groupBy} /> : null}
    </>
  )
}
