'use client'

import { CartesianGrid, Line, LineChart, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts'
import { formatDay } from '@/lib/format'
import type { CalibrationGroup, CalibrationGroupBy, CalibrationInterval, CalibrationPeriod } from '@/analytics/calibration/calibration.schema'
import { formatScore, PARTIAL_TAIL_SUFFIX, seriesValue, withPartialTail, type PartialPeriod } from '../../_components/chart-math'
import { SeriesLegend, useSeriesToggle, type SeriesSpec } from '../../_components/chart-legend'
import { PartialPeriodArea, PartialPeriodNote, SeriesTooltip } from '../../_components/chart-tooltip'
import { AXIS_TICK, CHART_COLORS, CHART_HEIGHT } from '../../_components/chart-theme'
import { GROUP_BY_LABELS, prepareCalibrationSeries, prepareGroupTrend, scoreAxis, type CalibrationSeriesPoint, type VersionMarker } from './prepare'

const CHART_MARGIN = { top: 18, right: 16, bottom: 0, left: 0 } as const
const PARTIAL_DASH = '4 3'

/**
 * Line colours of the groups, in order: the theme's own series colours (chart-theme.ts), so a
 * group line never takes a meaning the dashboard gives a colour elsewhere by accident of hue.
 */
const GROUP_PALETTE = [CHART_COLORS.accuracy, CHART_COLORS.brier, CHART_COLORS.review, CHART_COLORS.agreement, CHART_COLORS.ece, CHART_COLORS.audit, CHART_COLORS.backlog, CHART_COLORS.auto]

function scoreValue(value: number | null | undefined): string {
  return typeof value === 'number' ? formatScore(value) : 'no labels'
}

/** A vertical marker where a version first appears, labeled with its name. */
function VersionMarkerLine({ marker }: { marker: VersionMarker }) {
  return (
    <ReferenceLine
      x={marker.at}
      stroke={CHART_COLORS.axis}
      strokeDasharray="2 3"
      strokeWidth={1.5}
      ifOverflow="extendDomain"
      label={{ value: `▸ ${marker.label}`, position: 'insideTopLeft', offset: 2, fontSize: 11, fill: CHART_COLORS.axis }}
      className="version-marker"
    />
  )
}

/** A line's dashed last segment into the partial period, with a hollow last point. */
function PartialTail({ spec, last, hide }: { spec: SeriesSpec; last: number; hide: boolean }) {
  return (
    <Line
      dataKey={`${spec.key}${PARTIAL_TAIL_SUFFIX}`}
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
      connectNulls={false}
      isAnimationActive={false}
    />
  )
}

/**
 * ECE and Brier per day or week; grouped, one ECE line per group (the overall ECE dashed grey
 * beside them), so "did the new version change calibration?" reads off one chart. Markers show
 * where a version first appears; the partial last period is hatched and its lines dashed. Legend
 * entries toggle their lines.
 */
export function CalibrationTrend({
  series,
  interval,
  groups,
  groupBy,
  markers,
  partial,
}: {
  series: readonly CalibrationPeriod[]
  interval: CalibrationInterval
  groups?: readonly CalibrationGroup[]
  groupBy?: CalibrationGroupBy | null
  markers: readonly VersionMarker[]
  partial: PartialPeriod | null
}) {
  const { hidden, toggle } = useSeriesToggle()
  const split = groupBy && groups && groups.length > 0 ? prepareGroupTrend(series, groups, interval) : null
  const basePoints: Array<CalibrationSeriesPoint & Record<string, unknown>> = split ? split.points : prepareCalibrationSeries(series, interval).map((p) => ({ ...p }))
  const specs: SeriesSpec[] = split
    ? [
        ...split.lines.map((line, i) => ({ key: line.dataKey, name: line.label, color: GROUP_PALETTE[i % GROUP_PALETTE.length], swatch: 'line' as const })),
        { key: 'ece', name: `All ${GROUP_BY_LABELS[groupBy!].plural}`, color: CHART_COLORS.diagonal, swatch: 'dash' as const },
      ]
    : [
        { key: 'ece', name: 'ECE', color: CHART_COLORS.ece, swatch: 'line' },
        { key: 'brier', name: 'Brier score', color: CHART_COLORS.brier, swatch: 'line' },
      ]
  const last = basePoints[basePoints.length - 1]
  const partialLabel = partial && last && last.period === partial.period ? last.label : null
  const points = withPartialTail(basePoints, specs.map((s) => s.key), partialLabel !== null)
  const axis = scoreAxis(points.flatMap((p) => specs.map((s) => seriesValue(p, s.key)).map((v) => (typeof v === 'number' ? v : null))))
  const dots = basePoints.length <= 31
  const unit = interval === 'week' ? 'week' : 'day'

  return (
    <>
      <LineChart responsive data={points} style={{ width: '100%', height: CHART_HEIGHT }} margin={CHART_MARGIN}>
        <CartesianGrid stroke={CHART_COLORS.grid} vertical={false} />
        <XAxis dataKey="label" tick={AXIS_TICK} tickLine={false} minTickGap={16} />
        <YAxis domain={axis.domain} ticks={axis.ticks} tick={AXIS_TICK} tickFormatter={(v: number) => formatScore(v, 2)} tickLine={false} axisLine={false} width={48} />
        {partialLabel ? <PartialPeriodArea x={partialLabel} /> : null}
        {markers.map((m) => (
          <VersionMarkerLine key={m.at} marker={m} />
        ))}
        <Tooltip content={(props) => <SeriesTooltip {...props} series={specs} hidden={hidden} format={scoreValue} partial={partial} periodKey="period" unit={unit} />} />
        {specs.map((s) => (
          <Line
            key={s.key}
            dataKey={s.key}
            name={s.name}
            stroke={s.color}
            strokeWidth={s.swatch === 'dash' ? 1.5 : 2}
            strokeDasharray={s.swatch === 'dash' ? '6 4' : undefined}
            dot={dots && s.swatch !== 'dash'}
            hide={hidden.has(s.key)}
            isAnimationActive={false}
          />
        ))}
        {partialLabel ? specs.map((s) => <PartialTail key={`${s.key}-tail`} spec={s} last={points.length - 1} hide={hidden.has(s.key)} />) : null}
      </LineChart>
      <SeriesLegend series={specs} hidden={hidden} onToggle={toggle} label={split ? `ECE by ${GROUP_BY_LABELS[groupBy!].singular.toLowerCase()}` : 'Scores'} />
      {partial && partialLabel ? <PartialPeriodNote partial={partial} label={partialLabel} unit={unit} /> : null}
      {markers.length > 0 ? (
        <p className="muted small" data-testid="version-markers">
          {markers.map((m) => `${m.label} first seen ${formatDay(m.firstSeen)}`).join(' · ')}
        </p>
      ) : null}
    </>
  )
}
