'use client'

import { Bar, CartesianGrid, ComposedChart, Legend, Line, Tooltip, XAxis, YAxis } from 'recharts'
import { formatCompact, formatCount, formatPercent } from '@/lib/format'
import { percentDomain, percentTick } from '../../_components/chart-math'
import { AXIS_TICK, CHART_COLORS, CHART_HEIGHT } from '../../_components/chart-theme'
import type { AgreementDay } from '@/analytics/agreement/agreement.schema'
import { prepareAgreementSeries } from './prepare'

const CHART_MARGIN = { top: 8, right: 4, bottom: 0, left: 0 } as const

function tooltipValue(value: unknown, name: unknown): string {
  if (typeof value !== 'number') return name === 'Agreement rate' ? 'no reviews' : '—'
  return name === 'Agreement rate' ? formatPercent(value / 100) : formatCount(value)
}

/** Agreement rate per day (line, left axis) over the reviews it is measured on (bars, right axis). */
export function AgreementOverTime({ series }: { series: readonly AgreementDay[] }) {
  const points = prepareAgreementSeries(series)
  const domain = percentDomain(points.map((p) => p.agreement))
  // A tick every 10 points: recharts' own ticks on [50, 100] land on 65 % and 80 %.
  const ticks = Array.from({ length: (domain[1] - domain[0]) / 10 + 1 }, (_, i) => domain[0] + i * 10)
  return (
    <ComposedChart responsive data={points} style={{ width: '100%', height: CHART_HEIGHT }} margin={CHART_MARGIN}>
      <CartesianGrid stroke={CHART_COLORS.grid} vertical={false} />
      <XAxis dataKey="label" tick={AXIS_TICK} tickLine={false} minTickGap={16} />
      <YAxis
        yAxisId="rate"
        domain={domain}
        ticks={ticks}
        tick={AXIS_TICK}
        tickFormatter={percentTick}
        tickLine={false}
        axisLine={false}
        width={48}
        allowDataOverflow
      />
      <YAxis yAxisId="reviews" orientation="right" tick={AXIS_TICK} tickFormatter={formatCompact} tickLine={false} axisLine={false} width={44} />
      <Tooltip formatter={tooltipValue} />
      <Legend itemSorter={null} />
      <Bar yAxisId="reviews" dataKey="reviewed" name="Reviews" fill={CHART_COLORS.reviews} fillOpacity={0.35} isAnimationActive={false} />
      <Line yAxisId="rate" dataKey="agreement" name="Agreement rate" stroke={CHART_COLORS.agreement} strokeWidth={2} dot={points.length <= 31} isAnimationActive={false} />
    </ComposedChart>
  )
}
