'use client'

import { Bar, BarChart, CartesianGrid, ComposedChart, ErrorBar, Legend, Line, LineChart, ReferenceArea, ReferenceLine, Tooltip, XAxis, YAxis, type TooltipContentProps } from 'recharts'
import { formatCompact, formatCount, formatPercent } from '@/lib/format'
import type { CalibrationInterval, CalibrationPeriod, HistogramBin, ReliabilityBin } from '@/analytics/calibration/calibration.schema'
import { ChartGridSkeleton } from '../../_components/chart-card'
import { formatScore } from '../../_components/chart-math'
import { AXIS_TICK, CHART_COLORS, CHART_HEIGHT } from '../../_components/chart-theme'
import {
  domainTicks,
  formatPoints,
  prepareCalibrationSeries,
  prepareCountBars,
  prepareGapAreas,
  prepareHistogram,
  prepareReliabilityPoints,
  scoreAxis,
  type HistogramPoint,
  type ReliabilityPoint,
} from './prepare'

/** The reliability diagram is square-ish: taller than the other charts. */
export const RELIABILITY_HEIGHT = 360
const CHART_MARGIN = { top: 8, right: 12, bottom: 0, left: 0 } as const

function percentTick(value: number): string {
  return `${Math.round(value * 100)}%`
}

function ReliabilityTooltip({ active, payload }: TooltipContentProps) {
  const point = payload?.[0]?.payload as ReliabilityPoint | undefined
  if (!active || !point) return null
  const over = point.gap < 0
  return (
    <div className="chart-tooltip">
      <div className="chart-tooltip-title">Confidence {point.range}</div>
      <dl>
        <dt>Accuracy</dt>
        <dd>{formatPercent(point.accuracy)}</dd>
        <dt>95% interval</dt>
        <dd>{point.ciLower !== null && point.ciUpper !== null ? `${formatPercent(point.ciLower)} – ${formatPercent(point.ciUpper)}` : '—'}</dd>
        <dt>Mean confidence</dt>
        <dd>{formatPercent(point.confidence)}</dd>
        <dt>Gap</dt>
        <dd className={Math.abs(point.gap) >= 0.005 ? (over ? 'text-over' : 'text-under') : undefined}>
          {formatPoints(point.gap)} {Math.abs(point.gap) >= 0.005 ? (over ? '(overconfident)' : '(underconfident)') : ''}
        </dd>
        <dt>Predictions</dt>
        <dd>{formatCount(point.count)}</dd>
        <dt>Labeled</dt>
        <dd>{formatCount(point.labeled)}</dd>
      </dl>
    </div>
  )
}

/**
 * Accuracy against mean confidence per bin (points joined by a line, Wilson 95 % error bars),
 * the y = x diagonal of perfect calibration, the gap to it shaded per bin (red below: the model
 * claims more than it delivers), and the predictions per bin as grey bars along the bottom.
 */
export function ReliabilityDiagram({
  reliability,
  domain,
  height = RELIABILITY_HEIGHT,
  compact = false,
}: {
  reliability: readonly ReliabilityBin[]
  domain: [number, number]
  height?: number
  compact?: boolean
}) {
  const points = prepareReliabilityPoints(reliability)
  const gaps = prepareGapAreas(reliability)
  const counts = prepareCountBars(reliability, domain)
  const ticks = domainTicks(domain)
  const [low, high] = domain
  return (
    <ComposedChart
      responsive
      data={points}
      style={{ width: '100%', height }}
      margin={compact ? { top: 6, right: 8, bottom: 0, left: 0 } : { top: 8, right: 16, bottom: 4, left: 4 }}
      role="img"
      aria-label={`Reliability diagram: accuracy against mean confidence in ${points.length} bins with labels`}
    >
      <CartesianGrid stroke={CHART_COLORS.grid} />
      <XAxis
        type="number"
        dataKey="confidence"
        domain={domain}
        ticks={ticks}
        tickFormatter={percentTick}
        tick={AXIS_TICK}
        tickLine={false}
        allowDataOverflow
        height={compact ? 24 : 40}
        label={compact ? undefined : { value: 'Mean confidence', position: 'insideBottom', offset: 0, fontSize: 12, fill: CHART_COLORS.axis }}
      />
      <YAxis
        yAxisId="accuracy"
        type="number"
        domain={domain}
        ticks={ticks}
        tickFormatter={percentTick}
        tick={AXIS_TICK}
        tickLine={false}
        axisLine={false}
        allowDataOverflow
        width={compact ? 40 : 60}
        label={compact ? undefined : { value: 'Accuracy', angle: -90, position: 'insideLeft', offset: 10, fontSize: 12, fill: CHART_COLORS.axis }}
      />
      {counts.map((b) => (
        <ReferenceArea
          key={`count-${b.bin}`}
          yAxisId="accuracy"
          x1={b.x1}
          x2={b.x2}
          y1={b.y1}
          y2={b.y2}
          fill={CHART_COLORS.binCount}
          fillOpacity={0.65}
          stroke="#fff"
          strokeWidth={1}
          ifOverflow="hidden"
        />
      ))}
      {gaps.map((g) => (
        <ReferenceArea
          key={`gap-${g.bin}`}
          yAxisId="accuracy"
          x1={Math.max(g.x1, low)}
          x2={Math.min(g.x2, high)}
          y1={g.y1}
          y2={g.y2}
          fill={g.direction === 'over' ? CHART_COLORS.overconfident : CHART_COLORS.underconfident}
          fillOpacity={g.opacity}
          stroke={g.direction === 'over' ? CHART_COLORS.overconfident : CHART_COLORS.underconfident}
          strokeOpacity={Math.min(1, g.opacity * 2)}
          ifOverflow="hidden"
        />
      ))}
      <ReferenceLine
        yAxisId="accuracy"
        segment={[
          { x: low, y: low },
          { x: high, y: high },
        ]}
        stroke={CHART_COLORS.diagonal}
        strokeDasharray="6 4"
        strokeWidth={1.5}
        ifOverflow="hidden"
      />
      <Tooltip content={ReliabilityTooltip} cursor={{ stroke: CHART_COLORS.grid }} />
      <Line
        yAxisId="accuracy"
        dataKey="accuracy"
        name="Accuracy"
        stroke={CHART_COLORS.accuracy}
        strokeWidth={2}
        dot={{ r: compact ? 3 : 4, fill: CHART_COLORS.accuracy, strokeWidth: 0 }}
        activeDot={{ r: 6 }}
        isAnimationActive={false}
      >
        <ErrorBar dataKey="error" width={compact ? 3 : 5} stroke={CHART_COLORS.accuracy} strokeWidth={1.5} direction="y" isAnimationActive={false} />
      </Line>
    </ComposedChart>
  )
}

/** The diagram's key, in HTML so it wraps on narrow cards. */
export function ReliabilityLegend() {
  return (
    <ul className="chart-legend" aria-label="Legend">
      <li>
        <span className="legend-swatch legend-dot" style={{ background: CHART_COLORS.accuracy }} /> Accuracy per bin, with 95% interval
      </li>
      <li>
        <span className="legend-swatch legend-dash" style={{ borderColor: CHART_COLORS.diagonal }} /> Perfect calibration (accuracy = confidence)
      </li>
      <li>
        <span className="legend-swatch" style={{ background: CHART_COLORS.overconfident, opacity: 0.45 }} /> Overconfident gap
      </li>
      <li>
        <span className="legend-swatch" style={{ background: CHART_COLORS.underconfident, opacity: 0.45 }} /> Underconfident gap
      </li>
      <li>
        <span className="legend-swatch" style={{ background: CHART_COLORS.binCount }} /> Predictions per bin (scaled)
      </li>
    </ul>
  )
}

function HistogramTooltip({ active, payload }: TooltipContentProps) {
  const point = payload?.[0]?.payload as HistogramPoint | undefined
  if (!active || !point) return null
  return (
    <div className="chart-tooltip">
      <div className="chart-tooltip-title">Confidence {point.range}</div>
      <dl>
        <dt>Predictions</dt>
        <dd>{formatCount(point.count)}</dd>
        <dt>Labeled</dt>
        <dd>
          {formatCount(point.labeled)} {point.count > 0 ? `(${formatPercent(point.labeled / point.count)})` : ''}
        </dd>
      </dl>
    </div>
  )
}

export function ConfidenceHistogram({ histogram, height = RELIABILITY_HEIGHT }: { histogram: readonly HistogramBin[]; height?: number }) {
  const points = prepareHistogram(histogram)
  return (
    <BarChart responsive data={points} style={{ width: '100%', height }} margin={CHART_MARGIN} barCategoryGap={1}>
      <CartesianGrid stroke={CHART_COLORS.grid} vertical={false} />
      {/* About ten labels whatever the number of fine bins: 50 bins label every fifth (0.00, 0.10, …). */}
      <XAxis dataKey="label" tick={AXIS_TICK} tickLine={false} interval={Math.max(0, Math.round(points.length / 10) - 1)} />
      <YAxis tick={AXIS_TICK} tickFormatter={formatCompact} tickLine={false} axisLine={false} width={48} />
      <Tooltip content={HistogramTooltip} cursor={{ fill: 'rgba(15, 23, 42, 0.05)' }} />
      <Legend itemSorter={null} formatter={legendText} />
      <Bar dataKey="labeled" name="Labeled" stackId="c" fill={CHART_COLORS.labeled} isAnimationActive={false} />
      <Bar dataKey="unlabeled" name="Not labeled" stackId="c" fill={CHART_COLORS.unlabeled} isAnimationActive={false} />
    </BarChart>
  )
}

/** Legend text in the axis colour: the pale "not labeled" swatch colour would be unreadable as text. */
function legendText(value: unknown) {
  return <span style={{ color: CHART_COLORS.axis }}>{String(value)}</span>
}

function scoreValue(value: unknown): string {
  return typeof value === 'number' ? formatScore(value) : 'no labels'
}

export function CalibrationTrend({ series, interval }: { series: readonly CalibrationPeriod[]; interval: CalibrationInterval }) {
  const points = prepareCalibrationSeries(series, interval)
  const axis = scoreAxis(points.flatMap((p) => [p.ece, p.brier]))
  return (
    <LineChart responsive data={points} style={{ width: '100%', height: CHART_HEIGHT }} margin={CHART_MARGIN}>
      <CartesianGrid stroke={CHART_COLORS.grid} vertical={false} />
      <XAxis dataKey="label" tick={AXIS_TICK} tickLine={false} minTickGap={16} />
      <YAxis domain={axis.domain} ticks={axis.ticks} tick={AXIS_TICK} tickFormatter={(v: number) => formatScore(v, 2)} tickLine={false} axisLine={false} width={48} />
      <Tooltip formatter={scoreValue} />
      <Legend itemSorter={null} />
      <Line dataKey="ece" name="ECE" stroke={CHART_COLORS.ece} strokeWidth={2} dot={points.length <= 31} isAnimationActive={false} />
      <Line dataKey="brier" name="Brier score" stroke={CHART_COLORS.brier} strokeWidth={2} dot={points.length <= 31} isAnimationActive={false} />
    </LineChart>
  )
}

export function CalibrationChartsSkeleton() {
  return <ChartGridSkeleton count={2} height={RELIABILITY_HEIGHT} />
}

