'use client'

import { Bar, CartesianGrid, ComposedChart, Line, Tooltip, XAxis, YAxis } from 'recharts'
import { formatCount, formatPercent } from '@/lib/format'
import { formatDuration, percentTick } from '../../_components/chart-math'
import { SeriesLegend, useSeriesToggle } from '../../_components/chart-legend'
import { AXIS_TICK, CHART_COLORS, CHART_HEIGHT } from '../../_components/chart-theme'
import { MixedTooltip, type MixedSeries } from './mixed-tooltip'
import { formatSecondsTick } from './prepare'
import { type ShiftHourPoint } from './prepare-team'
import { WORKLOAD_COLORS } from './workload-colors'

const CHART_STYLE = { width: '100%', height: CHART_HEIGHT } as const
const CHART_MARGIN = { top: 16, right: 4, bottom: 14, left: 0 } as const

const SERIES: readonly MixedSeries[] = [
  { key: 'meanHandle', name: 'Mean handle time', color: WORKLOAD_COLORS.handle, swatch: 'line', format: (v) => (typeof v !== 'number' ? 'too few reviews' : formatDuration(v)) },
  { key: 'agreement', name: 'Agreement with model', color: WORKLOAD_COLORS.agreement, swatch: 'line', format: (v) => (typeof v !== 'number' ? 'too few reviews' : formatPercent(v / 100)) },
  { key: 'reviews', name: 'Reviews', color: CHART_COLORS.binCount, format: (v) => formatCount(v) },
]

/** A point's tooltip title: "Hour 3 of the shift". */
function withTitles(points: readonly ShiftHourPoint[]) {
  return points.map((p) => ({ ...p, title: `Hour ${p.label} of the shift (${p.hourIntoShift}–${p.hourIntoShift + 1} h in)` }))
}

/**
 * Fatigue: by hour into the shift, every reviewer together, the mean handle time (left axis) and
 * the agreement with the model (right axis), over faint bars of the reviews each figure rests on.
 */
export function FatigueChart({ points }: { points: readonly ShiftHourPoint[] }) {
  const { hidden, toggle } = useSeriesToggle()
  const agreement = points.map((p) => p.agreement).filter((v): v is number => v !== null)
  // Agreement sits high and moves by points: a fixed 10-point-step axis from just under its lowest.
  const low = agreement.length > 0 ? Math.max(0, Math.floor((Math.min(...agreement) - 5) / 10) * 10) : 0
  const rateTicks = Array.from({ length: Math.floor((100 - low) / 10) + 1 }, (_, i) => low + i * 10).filter((_, i, all) => all.length <= 6 || i % 2 === 0)
  return (
    <>
      <ComposedChart responsive data={withTitles(points)} style={CHART_STYLE} margin={CHART_MARGIN}>
        <CartesianGrid stroke={CHART_COLORS.grid} vertical={false} />
        <XAxis dataKey="label" tick={AXIS_TICK} tickLine={false} label={{ value: 'hour of the shift', position: 'insideBottom', offset: -10, fontSize: 11, fill: 'var(--text-muted)' }} />
        <YAxis yAxisId="handle" domain={[0, 'auto']} tickFormatter={formatSecondsTick} tick={AXIS_TICK} tickLine={false} axisLine={false} width={52} />
        <YAxis yAxisId="rate" orientation="right" domain={[low, 100]} ticks={rateTicks} tickFormatter={percentTick} tick={AXIS_TICK} tickLine={false} axisLine={false} width={44} allowDataOverflow />
        <YAxis yAxisId="reviews" hide domain={[0, (max: number) => max * 3]} />
        <Tooltip content={(props) => <MixedTooltip {...props} series={SERIES} hidden={hidden} titleKey="title" />} />
        <Bar yAxisId="reviews" dataKey="reviews" name="Reviews" fill={CHART_COLORS.binCount} fillOpacity={0.6} hide={hidden.has('reviews')} isAnimationActive={false} />
        <Line yAxisId="handle" dataKey="meanHandle" name="Mean handle time" stroke={WORKLOAD_COLORS.handle} strokeWidth={2.25} dot={{ r: 3 }} hide={hidden.has('meanHandle')} isAnimationActive={false} />
        <Line yAxisId="rate" dataKey="agreement" name="Agreement with model" stroke={WORKLOAD_COLORS.agreement} strokeWidth={2.25} dot={{ r: 3 }} hide={hidden.has('agreement')} isAnimationActive={false} />
      </ComposedChart>
      <SeriesLegend series={SERIES} hidden={hidden} onToggle={toggle} label="By hour of the shift" />
    </>
  )
}
