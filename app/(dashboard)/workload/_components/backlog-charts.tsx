'use client'

import { useState } from 'react'
import { Area, Bar, CartesianGrid, Cell, ComposedChart, Line, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts'
import { formatCompact, formatCount } from '@/lib/format'
import type { PartialPeriod } from '../../_components/chart-math'
import { SeriesLegend, useSeriesToggle, type SeriesSpec } from '../../_components/chart-legend'
import { PartialPeriodArea, SeriesTooltip } from '../../_components/chart-tooltip'
import { AXIS_TICK, CHART_COLORS, CHART_HEIGHT } from '../../_components/chart-theme'
import { type BacklogPeak, type DayFlowPoint, dayTicks, type HourFlowPoint, hourTickLabel, PEAK_WINDOW_HOURS, peakWindow, quarterDayTicks } from './prepare'
import { WORKLOAD_COLORS } from './workload-colors'
import styles from './workload.module.css'

const CHART_STYLE = { width: '100%', height: CHART_HEIGHT } as const
const TALL_CHART_STYLE = { width: '100%', height: CHART_HEIGHT + 40 } as const
const CHART_MARGIN = { top: 22, right: 12, bottom: 0, left: 0 } as const
/** A partial day's bars are drawn faint, so the day does not read as a real drop. */
const PARTIAL_BAR_OPACITY = 0.4

function countValue(value: number | null | undefined): string {
  return typeof value === 'number' ? formatCount(value) : '—'
}

const DAY_SERIES: readonly SeriesSpec[] = [
  { key: 'arrivals', name: 'Escalated (arrivals)', color: WORKLOAD_COLORS.arrivals },
  { key: 'completions', name: 'Reviewed (completions)', color: WORKLOAD_COLORS.completions },
  { key: 'backlog', name: 'Backlog at end of day', color: WORKLOAD_COLORS.backlog, swatch: 'line' },
]

const HOUR_SERIES: readonly SeriesSpec[] = [
  { key: 'backlog', name: 'Open at end of hour', color: WORKLOAD_COLORS.backlog },
  { key: 'arrivals', name: 'Escalated per hour', color: WORKLOAD_COLORS.arrivals, swatch: 'line' },
  { key: 'completions', name: 'Reviewed per hour', color: WORKLOAD_COLORS.completions, swatch: 'line' },
]

/** Arrivals against completions per day, and the backlog left at each day's end; the peak's day marked. */
export function DayFlowChart({ points, partial, peakDay }: { points: readonly DayFlowPoint[]; partial: PartialPeriod | null; peakDay: string | null }) {
  const { hidden, toggle } = useSeriesToggle()
  const last = points.length - 1
  const partialLabel = partial && points[last]?.date === partial.period ? points[last].label : null
  const peakLabel = peakDay ? (points.find((p) => p.date === peakDay)?.label ?? null) : null
  return (
    <>
      <ComposedChart responsive data={points as DayFlowPoint[]} style={CHART_STYLE} margin={CHART_MARGIN} barGap={1}>
        <CartesianGrid stroke={CHART_COLORS.grid} vertical={false} />
        <XAxis dataKey="label" tick={AXIS_TICK} tickLine={false} minTickGap={16} />
        <YAxis tick={AXIS_TICK} tickFormatter={formatCompact} tickLine={false} axisLine={false} width={44} allowDecimals={false} />
        {partialLabel ? <PartialPeriodArea x={partialLabel} /> : null}
        {peakLabel ? (
          <ReferenceLine x={peakLabel} stroke={WORKLOAD_COLORS.backlog} strokeDasharray="3 3" label={{ value: 'backlog peak', position: 'top', fontSize: 11, fill: 'var(--text-muted)' }} />
        ) : null}
        <Tooltip content={(props) => <SeriesTooltip {...props} series={DAY_SERIES} hidden={hidden} format={countValue} partial={partial} />} />
        {DAY_SERIES.slice(0, 2).map((s) => (
          <Bar key={s.key} dataKey={s.key} name={s.name} fill={s.color} hide={hidden.has(s.key)} isAnimationActive={false}>
            {partialLabel ? points.map((p, i) => <Cell key={p.date} fillOpacity={i === last ? PARTIAL_BAR_OPACITY : 1} />) : null}
          </Bar>
        ))}
        <Line dataKey="backlog" name={DAY_SERIES[2].name} stroke={WORKLOAD_COLORS.backlog} strokeWidth={2} dot={points.length <= 31} hide={hidden.has('backlog')} isAnimationActive={false} />
      </ComposedChart>
      <SeriesLegend series={DAY_SERIES} hidden={hidden} onToggle={toggle} label="Per day" />
    </>
  )
}

type HourView = 'range' | 'peak'

/**
 * The backlog hour by hour (open items at each hour's end, filled) with the arrivals and
 * completions per hour as lines, the peak marked and named; the whole range or a close-up of the
 * PEAK_WINDOW_HOURS either side of the peak.
 */
export function HourFlowChart({ points, peak }: { points: readonly HourFlowPoint[]; peak: BacklogPeak | null }) {
  const { hidden, toggle } = useSeriesToggle()
  const [view, setView] = useState<HourView>('range')
  const shown = view === 'peak' ? peakWindow(points, peak) : points
  const ticks = view === 'peak' ? quarterDayTicks(shown) : dayTicks(shown)
  const peakShown = peak && shown.some((p) => p.hour === peak.hour)
  return (
    <>
      {peak ? (
        <div className={`segmented ${styles.viewToggle}`} role="group" aria-label="Hours shown">
          {(
            [
              ['range', 'All hours'],
              ['peak', `Peak ±${PEAK_WINDOW_HOURS} h`],
            ] as const
          ).map(([value, label]) => (
            <button key={value} type="button" className="segmented-item" aria-pressed={view === value} onClick={() => setView(value)}>
              {label}
            </button>
          ))}
        </div>
      ) : null}
      <ComposedChart responsive data={shown as HourFlowPoint[]} style={TALL_CHART_STYLE} margin={{ ...CHART_MARGIN, right: 24 }}>
        <CartesianGrid stroke={CHART_COLORS.grid} vertical={false} />
        <XAxis dataKey="hour" ticks={ticks} tickFormatter={hourTickLabel} tick={AXIS_TICK} tickLine={false} interval="preserveStartEnd" minTickGap={12} />
        <YAxis tick={AXIS_TICK} tickFormatter={formatCompact} tickLine={false} axisLine={false} width={44} allowDecimals={false} />
        <Tooltip
          content={(props) => (
            <SeriesTooltip {...props} label={(props.payload?.[0]?.payload as HourFlowPoint | undefined)?.label} series={HOUR_SERIES} hidden={hidden} format={countValue} periodKey="hour" />
          )}
        />
        <Area
          dataKey="backlog"
          name={HOUR_SERIES[0].name}
          type="linear"
          stroke={WORKLOAD_COLORS.backlog}
          fill={WORKLOAD_COLORS.backlog}
          fillOpacity={0.22}
          strokeWidth={1.5}
          hide={hidden.has('backlog')}
          isAnimationActive={false}
        />
        <Line dataKey="arrivals" name={HOUR_SERIES[1].name} type="linear" stroke={WORKLOAD_COLORS.arrivals} strokeWidth={1.25} dot={false} hide={hidden.has('arrivals')} isAnimationActive={false} />
        <Line dataKey="completions" name={HOUR_SERIES[2].name} type="linear" stroke={WORKLOAD_COLORS.completions} strokeWidth={1.25} dot={false} hide={hidden.has('completions')} isAnimationActive={false} />
        {peakShown ? (
          <ReferenceLine
            x={peak.hour}
            stroke={WORKLOAD_COLORS.backlog}
            strokeDasharray="3 3"
            label={{ value: `peak ${formatCount(peak.backlog)}`, position: 'top', fontSize: 11, fontWeight: 600, fill: 'var(--text)' }}
          />
        ) : null}
      </ComposedChart>
      <SeriesLegend series={HOUR_SERIES} hidden={hidden} onToggle={toggle} label="Per hour" />
      <p className={`muted small ${styles.axisNote}`}>Hours in UTC; ticks mark {view === 'peak' ? 'every six hours' : 'the start of a day'}.</p>
    </>
  )
}
