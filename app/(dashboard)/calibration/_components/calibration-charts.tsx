'use client'

import { Bar, BarChart, CartesianGrid, ComposedChart, ErrorBar, Line, ReferenceArea, ReferenceLine, Tooltip, XAxis, YAxis, type TooltipContentProps } from 'recharts'
import { formatCompact, formatCount, formatPercent } from '@/lib/format'
import type { CalibrationStrategy, HistogramBin, ReliabilityBin } from '@/analytics/calibration/calibration.schema'
import { ChartGridSkeleton } from '../../_components/chart-card'
import { SeriesLegend, useSeriesToggle, type SeriesSpec } from '../../_components/chart-legend'
import { SeriesTooltip } from '../../_components/chart-tooltip'
import { AXIS_TICK, CHART_COLORS } from '../../_components/chart-theme'
import {
  domainTicks,
  formatPoints,
  histogramAxis,
  prepareCountBars,
  prepareGapAreas,
  prepareHistogram,
  prepareQuantileGaps,
  prepareQuantilePoints,
  prepareReliabilityPoints,
  quantileTicks,
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
          stroke={CHART_COLORS.surface}
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

/**
 * The equal-mass reliability diagram, by bin index: every bin one slot of equal width (each holds
 * about the same share of predictions), labeled by its confidence edges. Equal-mass edges of a
 * confident model crowd into 0.93–1.0, where a confidence axis would stack nine of ten points on
 * top of each other; here each bin's accuracy (with its interval) sits above or below its mean
 * confidence (the dashed line, which plays the diagonal's part), the gap shaded in between.
 */
export function QuantileReliabilityDiagram({
  reliability,
  domain,
  ticks,
  height = RELIABILITY_HEIGHT,
  compact = false,
}: {
  reliability: readonly ReliabilityBin[]
  domain: [number, number]
  ticks: number[]
  height?: number
  compact?: boolean
}) {
  const points = prepareQuantilePoints(reliability)
  const gaps = prepareQuantileGaps(reliability)
  const slots = quantileTicks(reliability)
  return (
    <ComposedChart
      responsive
      data={points}
      style={{ width: '100%', height }}
      margin={compact ? { top: 6, right: 12, bottom: 0, left: 0 } : { top: 8, right: 20, bottom: 4, left: 4 }}
      role="img"
      aria-label={`Equal-mass reliability diagram: accuracy and mean confidence in ${reliability.length} bins of about equal size, ${points.length} with labels`}
      data-testid="quantile-diagram"
    >
      <CartesianGrid stroke={CHART_COLORS.grid} />
      <XAxis
        type="number"
        dataKey="x"
        domain={[0, Math.max(1, reliability.length)]}
        ticks={slots.ticks}
        tickFormatter={slots.label}
        tick={AXIS_TICK}
        tickLine={false}
        minTickGap={6}
        allowDataOverflow
        height={compact ? 24 : 40}
        label={compact ? undefined : { value: 'Equal-mass bins (confidence at each edge)', position: 'insideBottom', offset: 0, fontSize: 12, fill: CHART_COLORS.axis }}
      />
      <YAxis
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
      {gaps.map((g) => (
        <ReferenceArea
          key={`gap-${g.bin}`}
          x1={g.x1}
          x2={g.x2}
          y1={g.y1}
          y2={g.y2}
          fill={g.direction === 'over' ? CHART_COLORS.overconfident : CHART_COLORS.underconfident}
          fillOpacity={0.3}
          stroke={g.direction === 'over' ? CHART_COLORS.overconfident : CHART_COLORS.underconfident}
          strokeOpacity={0.6}
          ifOverflow="hidden"
        />
      ))}
      <Tooltip content={ReliabilityTooltip} cursor={{ stroke: CHART_COLORS.grid }} />
      <Line
        dataKey="confidence"
        name="Mean confidence"
        stroke={CHART_COLORS.diagonal}
        strokeDasharray="6 4"
        strokeWidth={1.5}
        dot={{ r: compact ? 2 : 3, fill: CHART_COLORS.diagonal, strokeWidth: 0 }}
        activeDot={false}
        isAnimationActive={false}
      />
      <Line
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

/** The diagram of a strategy: equal-width on the confidence axis, equal-mass by bin index. */
export function Reliability({
  reliability,
  strategy,
  domain,
  probability,
  height,
  compact,
}: {
  reliability: readonly ReliabilityBin[]
  strategy: CalibrationStrategy
  /** Equal width: both axes' domain. */
  domain: [number, number]
  /** Equal mass: the probability axis. */
  probability: { domain: [number, number]; ticks: number[] }
  height?: number
  compact?: boolean
}) {
  return strategy === 'quantile' ? (
    <QuantileReliabilityDiagram reliability={reliability} domain={probability.domain} ticks={probability.ticks} height={height} compact={compact} />
  ) : (
    <ReliabilityDiagram reliability={reliability} domain={domain} height={height} compact={compact} />
  )
}

/** The diagram's key, in HTML so it wraps on narrow cards. */
export function ReliabilityLegend({ strategy = 'uniform' }: { strategy?: CalibrationStrategy }) {
  const quantile = strategy === 'quantile'
  return (
    <ul className="chart-legend" aria-label="Legend">
      <li>
        <span className="legend-swatch legend-dot" style={{ background: CHART_COLORS.accuracy }} /> Accuracy per bin, with 95% interval
      </li>
      <li>
        <span className="legend-swatch legend-dash" style={{ borderColor: CHART_COLORS.diagonal }} />{' '}
        {quantile ? 'Mean confidence per bin (where accuracy would be if calibrated)' : 'Perfect calibration (accuracy = confidence)'}
      </li>
      <li>
        <span className="legend-swatch" style={{ background: CHART_COLORS.overconfident, opacity: 0.45 }} /> Overconfident gap
      </li>
      <li>
        <span className="legend-swatch" style={{ background: CHART_COLORS.underconfident, opacity: 0.45 }} /> Underconfident gap
      </li>
      {quantile ? (
        <li>Each bin holds about the same number of predictions; edges are confidences</li>
      ) : (
        <li>
          <span className="legend-swatch" style={{ background: CHART_COLORS.binCount }} /> Predictions per bin (scaled)
        </li>
      )}
    </ul>
  )
}

const HISTOGRAM_SERIES: readonly SeriesSpec[] = [
  { key: 'labeled', name: 'Labeled', color: CHART_COLORS.labeled },
  { key: 'unlabeled', name: 'Not labeled', color: CHART_COLORS.unlabeled },
]

function countValue(value: number | null | undefined): string {
  return typeof value === 'number' ? formatCount(value) : '—'
}

/**
 * Predictions per fine confidence bin, labeled and not, stacked. The confidence axis fits the data
 * (from the lowest populated bin, at round ticks), so 0.8–1.0 gets the width rather than a fifth
 * of it; recharts drops a tick label that would collide with its neighbour on a narrow screen.
 */
export function ConfidenceHistogram({ histogram, height = RELIABILITY_HEIGHT }: { histogram: readonly HistogramBin[]; height?: number }) {
  const axis = histogramAxis(histogram)
  const points = prepareHistogram(histogram, axis.domain)
  const { hidden, toggle } = useSeriesToggle()
  return (
    <>
      <BarChart responsive data={points} style={{ width: '100%', height }} margin={CHART_MARGIN} barCategoryGap={1}>
        <CartesianGrid stroke={CHART_COLORS.grid} vertical={false} />
        <XAxis
          type="number"
          dataKey="x"
          domain={axis.domain}
          ticks={axis.ticks}
          tickFormatter={percentTick}
          tick={AXIS_TICK}
          tickLine={false}
          minTickGap={8}
          allowDataOverflow
          height={36}
          label={{ value: 'Confidence', position: 'insideBottom', offset: 0, fontSize: 12, fill: CHART_COLORS.axis }}
        />
        <YAxis tick={AXIS_TICK} tickFormatter={formatCompact} tickLine={false} axisLine={false} width={48} />
        <Tooltip
          cursor={{ fill: 'rgba(15, 23, 42, 0.05)' }}
          content={(props) => <SeriesTooltip {...props} label={`Confidence ${(props.payload?.[0]?.payload as { range?: string } | undefined)?.range ?? ''}`} series={HISTOGRAM_SERIES} hidden={hidden} format={countValue} total="Predictions" />}
        />
        {HISTOGRAM_SERIES.map((spec) => (
          <Bar key={spec.key} dataKey={spec.key} name={spec.name} stackId="c" fill={spec.color} hide={hidden.has(spec.key)} isAnimationActive={false} />
        ))}
      </BarChart>
      <SeriesLegend series={HISTOGRAM_SERIES} hidden={hidden} onToggle={toggle} label="Histogram" />
      {axis.offAxis > 0 ? (
        <p className="muted small" data-testid="histogram-off-axis">
          {formatCount(axis.offAxis)} prediction{axis.offAxis === 1 ? '' : 's'} ({formatPercent(axis.offAxis / points.reduce((sum, p) => sum + p.count, axis.offAxis), 2)}) below {percentTick(axis.domain[0])}{' '}
          confidence are left off the axis; the CSV has every bin.
        </p>
      ) : null}
    </>
  )
}

export function CalibrationChartsSkeleton() {
  return <ChartGridSkeleton count={2} height={RELIABILITY_HEIGHT} />
}

