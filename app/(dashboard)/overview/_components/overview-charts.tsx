'use client'

import { Bar, BarChart, CartesianGrid, ComposedChart, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts'
import { formatCompact, formatCount, formatPercent } from '@/lib/format'
import { ChartCard } from '../../_components/chart-card'
import { percentDomain, percentTick } from '../../_components/chart-math'
import { AXIS_TICK, CHART_COLORS, CHART_HEIGHT } from '../../_components/chart-theme'
import type { OverviewDay } from '@/analytics/overview/overview.schema'
import { prepareAgreementSeries, prepareRateSeries, prepareReviewSeries, prepareVolumeSeries } from './prepare'

const CHART_STYLE = { width: '100%', height: CHART_HEIGHT } as const
const CHART_MARGIN = { top: 8, right: 12, bottom: 0, left: 0 } as const

/** Tooltip value of a count series. */
function countValue(value: unknown): string {
  return typeof value === 'number' ? formatCount(value) : '—'
}

/** Tooltip value of a percent series (values are already ×100). */
function percentValue(value: unknown): string {
  return typeof value === 'number' ? formatPercent(value / 100) : 'no data'
}

/** Tooltip rows in the order the series are drawn (recharts sorts them by name otherwise). */
const SERIES_ORDER = ['audit', 'review', 'auto', 'automation', 'escalation', 'reviews', 'backlog', 'agreement']
function seriesOrder(item: { dataKey?: unknown }): number {
  return SERIES_ORDER.indexOf(String(item.dataKey))
}

export function OverviewCharts({ series }: { series: readonly OverviewDay[] }) {
  const volume = prepareVolumeSeries(series)
  const rates = prepareRateSeries(series)
  const reviews = prepareReviewSeries(series)
  const agreement = prepareAgreementSeries(series)

  return (
    <div className="chart-grid">
      <ChartCard title="Predictions per day" subtitle="By route: accepted automatically, escalated for review, or drawn for audit">
        <BarChart responsive data={volume} style={CHART_STYLE} margin={CHART_MARGIN}>
          <CartesianGrid stroke={CHART_COLORS.grid} vertical={false} />
          <XAxis dataKey="label" tick={AXIS_TICK} tickLine={false} minTickGap={16} />
          <YAxis tick={AXIS_TICK} tickFormatter={formatCompact} tickLine={false} axisLine={false} width={48} />
          <Tooltip formatter={countValue} itemSorter={seriesOrder} />
          <Legend itemSorter={null} />
          <Bar dataKey="auto" name="Auto" stackId="route" fill={CHART_COLORS.auto} isAnimationActive={false} />
          <Bar dataKey="review" name="Review" stackId="route" fill={CHART_COLORS.review} isAnimationActive={false} />
          <Bar dataKey="audit" name="Audit" stackId="route" fill={CHART_COLORS.audit} isAnimationActive={false} />
        </BarChart>
      </ChartCard>

      <ChartCard title="Escalation and automation rate" subtitle="Share of each day's predictions sent to a human, and accepted without one">
        <LineChart responsive data={rates} style={CHART_STYLE} margin={CHART_MARGIN}>
          <CartesianGrid stroke={CHART_COLORS.grid} vertical={false} />
          <XAxis dataKey="label" tick={AXIS_TICK} tickLine={false} minTickGap={16} />
          <YAxis domain={[0, 100]} tick={AXIS_TICK} tickFormatter={percentTick} tickLine={false} axisLine={false} width={48} />
          <Tooltip formatter={percentValue} itemSorter={seriesOrder} />
          <Legend itemSorter={null} />
          <Line dataKey="automation" name="Automation rate" stroke={CHART_COLORS.automation} strokeWidth={2} dot={false} isAnimationActive={false} />
          <Line dataKey="escalation" name="Escalation rate" stroke={CHART_COLORS.escalation} strokeWidth={2} dot={false} isAnimationActive={false} />
        </LineChart>
      </ChartCard>

      <ChartCard title="Reviews and backlog" subtitle="Reviews completed per day, and escalated items still awaiting review at the end of each day">
        <ComposedChart responsive data={reviews} style={CHART_STYLE} margin={CHART_MARGIN}>
          <CartesianGrid stroke={CHART_COLORS.grid} vertical={false} />
          <XAxis dataKey="label" tick={AXIS_TICK} tickLine={false} minTickGap={16} />
          <YAxis tick={AXIS_TICK} tickFormatter={formatCompact} tickLine={false} axisLine={false} width={48} />
          <Tooltip formatter={countValue} itemSorter={seriesOrder} />
          <Legend itemSorter={null} />
          <Bar dataKey="reviews" name="Reviews" fill={CHART_COLORS.reviews} isAnimationActive={false} />
          <Line dataKey="backlog" name="Backlog (end of day)" stroke={CHART_COLORS.backlog} strokeWidth={2} dot={false} isAnimationActive={false} />
        </ComposedChart>
      </ChartCard>

      <ChartCard title="Model–human agreement" subtitle="Share of each day's reviews whose label matches the model's; gaps are days without reviews">
        <LineChart responsive data={agreement} style={CHART_STYLE} margin={CHART_MARGIN}>
          <CartesianGrid stroke={CHART_COLORS.grid} vertical={false} />
          <XAxis dataKey="label" tick={AXIS_TICK} tickLine={false} minTickGap={16} />
          <YAxis
            domain={percentDomain(agreement.map((p) => p.agreement))}
            tick={AXIS_TICK}
            tickFormatter={percentTick}
            tickLine={false}
            axisLine={false}
            width={48}
            allowDataOverflow
          />
          <Tooltip formatter={percentValue} itemSorter={seriesOrder} />
          <Line dataKey="agreement" name="Agreement rate" stroke={CHART_COLORS.agreement} strokeWidth={2} dot={agreement.length <= 31} isAnimationActive={false} />
        </LineChart>
      </ChartCard>
    </div>
  )
}
