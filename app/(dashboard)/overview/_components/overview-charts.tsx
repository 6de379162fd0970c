'use client'

import { Bar, BarChart, CartesianGrid, Cell, ComposedChart, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts'
import { formatCompact, formatCount, formatPercent } from '@/lib/format'
import type { OverviewDay, OverviewResponse } from '@/analytics/overview/overview.schema'
import { ChartCard } from '../../_components/chart-card'
import { PARTIAL_TAIL_SUFFIX, percentAxis, percentTick, withPartialTail, type PartialPeriod } from '../../_components/chart-math'
import { SeriesLegend, useSeriesToggle, type SeriesSpec } from '../../_components/chart-legend'
import { PartialPeriodArea, PartialPeriodNote, SeriesTooltip } from '../../_components/chart-tooltip'
import { AXIS_TICK, CHART_COLORS, CHART_HEIGHT } from '../../_components/chart-theme'
import { usePartialLastPeriod } from '../../_components/use-partial-period'
import {
  overviewDayCsv,
  prepareAgreementSeries,
  prepareRateSeries,
  prepareReviewSeries,
  prepareVolumeSeries,
  type AgreementPoint,
  type RatePoint,
  type ReviewPoint,
  type VolumePoint,
} from './prepare'

const CHART_STYLE = { width: '100%', height: CHART_HEIGHT } as const
const CHART_MARGIN = { top: 16, right: 12, bottom: 0, left: 0 } as const
/** A partial day's bars are drawn faint, so the day does not read as a real drop. */
const PARTIAL_BAR_OPACITY = 0.4
/** The dashed tail of a line into a partial day. */
const PARTIAL_DASH = '4 3'

/** A count as shown in a tooltip. */
function countValue(value: number | null | undefined): string {
  return typeof value === 'number' ? formatCount(value) : '—'
}

/** A percent series value (already ×100) as shown in a tooltip. */
function percentValue(value: number | null | undefined): string {
  return typeof value === 'number' ? formatPercent(value / 100) : 'no data'
}

const VOLUME_SERIES: readonly SeriesSpec[] = [
  { key: 'auto', name: 'Auto', color: CHART_COLORS.auto },
  { key: 'review', name: 'Review', color: CHART_COLORS.review },
  { key: 'audit', name: 'Audit', color: CHART_COLORS.audit },
]
const RATE_SERIES: readonly SeriesSpec[] = [
  { key: 'automation', name: 'Automation rate', color: CHART_COLORS.automation, swatch: 'line' },
  { key: 'escalation', name: 'Escalation rate', color: CHART_COLORS.escalation, swatch: 'line' },
]
const REVIEW_SERIES: readonly SeriesSpec[] = [
  { key: 'reviews', name: 'Reviews', color: CHART_COLORS.reviews },
  { key: 'backlog', name: 'Backlog (end of day)', color: CHART_COLORS.backlog, swatch: 'line' },
]
const AGREEMENT_SERIES: readonly SeriesSpec[] = [{ key: 'agreement', name: 'Agreement rate', color: CHART_COLORS.agreement, swatch: 'line' }]

/** The last point's date when it is the partial day. */
function partialAt(points: readonly { date: string }[], partial: PartialPeriod | null): string | null {
  const last = points[points.length - 1]
  return partial && last && last.date === partial.period ? last.date : null
}

export function OverviewCharts({ series, filters }: { series: readonly OverviewDay[]; filters: OverviewResponse['filters'] }) {
  const volume = prepareVolumeSeries(series)
  const partial = usePartialLastPeriod(volume[volume.length - 1]?.date, filters)
  const partialDate = partialAt(volume, partial)
  const partialLabel = partialDate ? volume[volume.length - 1].label : null

  return (
    <>
      {partial && partialLabel ? <PartialPeriodNote partial={partial} label={partialLabel} placement="above" /> : null}
      <div className="chart-grid">
        <ChartCard
          title="Predictions per day"
          subtitle="By route: accepted automatically, escalated for review, or drawn for audit"
          csv={overviewDayCsv('predictions-per-day', series, filters, ['predictions', 'escalated', 'audited'])}
          testId="chart-volume"
        >
          <VolumeChart points={volume} partial={partial} partialLabel={partialLabel} />
        </ChartCard>

        <ChartCard
          title="Escalation and automation rate"
          subtitle="Share of each day's predictions sent to a human, and accepted without one"
          csv={overviewDayCsv('escalation-automation-rate', series, filters, ['predictions', 'escalated', 'escalation_rate', 'automation_rate'])}
          testId="chart-rates"
        >
          <RateChart points={prepareRateSeries(series)} partial={partial} partialLabel={partialLabel} />
        </ChartCard>

        <ChartCard
          title="Reviews and backlog"
          subtitle="Reviews completed per day, and escalated items still awaiting review at the end of each day"
          csv={overviewDayCsv('reviews-backlog', series, filters, ['reviews', 'backlog'])}
          testId="chart-reviews"
        >
          <ReviewChart points={prepareReviewSeries(series)} partial={partial} partialLabel={partialLabel} />
        </ChartCard>

        <ChartCard
          title="Model–human agreement"
          subtitle="Share of each day's reviews whose label matches the model's; gaps are days without reviews"
          csv={overviewDayCsv('agreement', series, filters, ['reviews', 'agreement_rate'])}
          testId="chart-agreement"
        >
          <AgreementChart points={prepareAgreementSeries(series)} partial={partial} partialLabel={partialLabel} />
        </ChartCard>
      </div>
    </>
  )
}

interface PartialProps {
  partial: PartialPeriod | null
  /** The partial day's axis label, or null when the last day is complete. */
  partialLabel: string | null
}

function VolumeChart({ points, partial, partialLabel }: { points: VolumePoint[] } & PartialProps) {
  const { hidden, toggle } = useSeriesToggle()
  const last = points.length - 1
  return (
    <>
      <BarChart responsive data={points} style={CHART_STYLE} margin={CHART_MARGIN}>
        <CartesianGrid stroke={CHART_COLORS.grid} vertical={false} />
        <XAxis dataKey="label" tick={AXIS_TICK} tickLine={false} minTickGap={16} />
        <YAxis tick={AXIS_TICK} tickFormatter={formatCompact} tickLine={false} axisLine={false} width={48} />
        {partialLabel ? <PartialPeriodArea x={partialLabel} /> : null}
        <Tooltip content={(props) => <SeriesTooltip {...props} series={VOLUME_SERIES} hidden={hidden} format={countValue} total="Predictions" partial={partial} />} />
        {VOLUME_SERIES.map((s) => (
          <Bar key={s.key} dataKey={s.key} name={s.name} stackId="route" fill={s.color} hide={hidden.has(s.key)} isAnimationActive={false}>
            {partialLabel ? points.map((p, i) => <Cell key={p.date} fillOpacity={i === last ? PARTIAL_BAR_OPACITY : 1} />) : null}
          </Bar>
        ))}
      </BarChart>
      <SeriesLegend series={VOLUME_SERIES} hidden={hidden} onToggle={toggle} label="Routes" />
    </>
  )
}

function RateChart({ points, partial, partialLabel }: { points: RatePoint[] } & PartialProps) {
  const { hidden, toggle } = useSeriesToggle()
  const data = withPartialTail(points, ['automation', 'escalation'], partialLabel !== null)
  const axis = percentAxis([0])
  return (
    <>
      <LineChart responsive data={data} style={CHART_STYLE} margin={CHART_MARGIN}>
        <CartesianGrid stroke={CHART_COLORS.grid} vertical={false} />
        <XAxis dataKey="label" tick={AXIS_TICK} tickLine={false} minTickGap={16} />
        <YAxis domain={axis.domain} ticks={axis.ticks} tick={AXIS_TICK} tickFormatter={percentTick} tickLine={false} axisLine={false} width={48} />
        {partialLabel ? <PartialPeriodArea x={partialLabel} /> : null}
        <Tooltip content={(props) => <SeriesTooltip {...props} series={RATE_SERIES} hidden={hidden} format={percentValue} partial={partial} />} />
        {RATE_SERIES.map((s) => (
          <Line key={s.key} dataKey={s.key} name={s.name} stroke={s.color} strokeWidth={2} dot={false} hide={hidden.has(s.key)} isAnimationActive={false} />
        ))}
        {partialLabel ? RATE_SERIES.map((s) => <PartialTail key={s.key} spec={s} last={data.length - 1} hide={hidden.has(s.key)} />) : null}
      </LineChart>
      <SeriesLegend series={RATE_SERIES} hidden={hidden} onToggle={toggle} label="Rates" />
    </>
  )
}

function ReviewChart({ points, partial, partialLabel }: { points: ReviewPoint[] } & PartialProps) {
  const { hidden, toggle } = useSeriesToggle()
  const data = withPartialTail(points, ['backlog'], partialLabel !== null)
  const last = points.length - 1
  return (
    <>
      <ComposedChart responsive data={data} style={CHART_STYLE} margin={CHART_MARGIN}>
        <CartesianGrid stroke={CHART_COLORS.grid} vertical={false} />
        <XAxis dataKey="label" tick={AXIS_TICK} tickLine={false} minTickGap={16} />
        <YAxis tick={AXIS_TICK} tickFormatter={formatCompact} tickLine={false} axisLine={false} width={48} />
        {partialLabel ? <PartialPeriodArea x={partialLabel} /> : null}
        <Tooltip content={(props) => <SeriesTooltip {...props} series={REVIEW_SERIES} hidden={hidden} format={countValue} partial={partial} />} />
        <Bar dataKey="reviews" name="Reviews" fill={CHART_COLORS.reviews} hide={hidden.has('reviews')} isAnimationActive={false}>
          {partialLabel ? points.map((p, i) => <Cell key={p.date} fillOpacity={i === last ? PARTIAL_BAR_OPACITY : 1} />) : null}
        </Bar>
        <Line dataKey="backlog" name="Backlog (end of day)" stroke={CHART_COLORS.backlog} strokeWidth={2} dot={false} hide={hidden.has('backlog')} isAnimationActive={false} />
        {partialLabel ? <PartialTail spec={REVIEW_SERIES[1]} last={last} hide={hidden.has('backlog')} /> : null}
      </ComposedChart>
      <SeriesLegend series={REVIEW_SERIES} hidden={hidden} onToggle={toggle} label="Series" />
    </>
  )
}

function AgreementChart({ points, partial, partialLabel }: { points: AgreementPoint[] } & PartialProps) {
  const data = withPartialTail(points, ['agreement'], partialLabel !== null)
  const axis = percentAxis(points.map((p) => p.agreement))
  return (
    <LineChart responsive data={data} style={CHART_STYLE} margin={CHART_MARGIN}>
      <CartesianGrid stroke={CHART_COLORS.grid} vertical={false} />
      <XAxis dataKey="label" tick={AXIS_TICK} tickLine={false} minTickGap={16} />
      <YAxis domain={axis.domain} ticks={axis.ticks} tick={AXIS_TICK} tickFormatter={percentTick} tickLine={false} axisLine={false} width={48} allowDataOverflow />
      {partialLabel ? <PartialPeriodArea x={partialLabel} /> : null}
      <Tooltip content={(props) => <SeriesTooltip {...props} series={AGREEMENT_SERIES} format={percentValue} partial={partial} />} />
      <Line dataKey="agreement" name="Agreement rate" stroke={CHART_COLORS.agreement} strokeWidth={2} dot={points.length <= 31} isAnimationActive={false} />
      {partialLabel ? <PartialTail spec={AGREEMENT_SERIES[0]} last={data.length - 1} /> : null}
    </LineChart>
  )
}

/** A line's dashed last segment into the partial day, with a hollow dot on the partial point (index `last`). */
function PartialTail({ spec, last, hide = false }: { spec: SeriesSpec; last: number; hide?: boolean }) {
  return (
    <Line
      dataKey={`${spec.key}${PARTIAL_TAIL_SUFFIX}`}
      name={`${spec.name} (partial day)`}
      stroke={spec.color}
      strokeWidth={2}
      strokeDasharray={PARTIAL_DASH}
      dot={(props: { cx?: number; cy?: number; index?: number }) =>
        props.index === last && typeof props.cx === 'number' && typeof props.cy === 'number' ? (
          <circle key="partial-dot" cx={props.cx} cy={props.cy} r={3.5} fill="var(--surface, #fff)" stroke={spec.color} strokeWidth={1.5} className="partial-dot" />
        ) : (
          <g key={`no-dot-${props.index}`} />
        )
      }
      legendType="none"
      tooltipType="none"
      hide={hide}
      isAnimationActive={false}
    />
  )
}
