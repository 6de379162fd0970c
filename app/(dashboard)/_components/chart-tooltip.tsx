'use client'

import { useId } from 'react'
import { ReferenceArea } from 'recharts'
import type { TooltipContentProps } from 'recharts'
import { partialPeriodCoverage, partialPeriodText, seriesValue, type PartialPeriod } from './chart-math'
import type { SeriesSpec } from './chart-legend'

/**
 * The tooltip of a chart with several series, from the series list rather than recharts' payload:
 * one row per shown series in legend order (a line's dashed partial tail counts as the line), an
 * optional total of the shown values (stacked bars), and a "partial day" note on a period that
 * the data do not cover yet.
 */
export function SeriesTooltip({
  active,
  payload,
  label,
  series,
  hidden,
  format,
  total,
  partial,
  periodKey = 'date',
  unit = 'day',
}: Partial<TooltipContentProps> & {
  series: readonly SeriesSpec[]
  hidden?: ReadonlySet<string>
  /** A value as shown; null/undefined are "no data" or the like. */
  format: (value: number | null | undefined) => string
  /** Label of a total row over the shown series (stacked bars). */
  total?: string
  partial?: PartialPeriod | null
  /** The point's field holding its period (YYYY-MM-DD), to recognise the partial one. */
  periodKey?: string
  unit?: 'day' | 'week'
}) {
  const point = payload?.[0]?.payload as Record<string, unknown> | undefined
  if (!active || !point) return null
  const shown = series.filter((s) => !hidden?.has(s.key))
  const values = shown.map((s) => {
    const value = seriesValue(point, s.key)
    return { spec: s, value: typeof value === 'number' && Number.isFinite(value) ? value : null }
  })
  const isPartial = partial !== null && partial !== undefined && point[periodKey] === partial.period
  const sum = values.reduce((acc, v) => acc + (v.value ?? 0), 0)
  return (
    <div className="chart-tooltip" data-testid="chart-tooltip">
      <div className="chart-tooltip-title">{String(label ?? point[periodKey] ?? '')}</div>
      {isPartial ? (
        <div className="chart-tooltip-note" data-testid="partial-note" style={{ color: 'var(--text-muted)', fontStyle: 'italic', marginBottom: 4 }}>
          {partialPeriodText(partial, unit)}
        </div>
      ) : null}
      <dl>
        {values.map(({ spec, value }) => (
          <div key={spec.key} style={{ display: 'contents' }}>
            <dt>
              <span aria-hidden="true" style={{ display: 'inline-block', width: 8, height: 8, borderRadius: 2, marginRight: 6, background: spec.color }} />
              {spec.name}
            </dt>
            <dd>{format(value)}</dd>
          </div>
        ))}
        {total && values.length > 0 ? (
          <div key="total" style={{ display: 'contents' }}>
            <dt style={{ fontWeight: 600, color: 'inherit' }}>{shown.length < series.length ? `${total} (shown)` : total}</dt>
            <dd style={{ fontWeight: 600 }} data-testid="tooltip-total">
              {format(sum)}
            </dd>
          </div>
        ) : null}
      </dl>
    </div>
  )
}

/**
 * The partial last period of a category axis, hatched, so a short last day reads as unfinished
 * rather than as a drop (PartialPeriodNote says so in words, under the chart: a label inside a
 * band one day wide would collide with the lines on a phone). Put it inside the chart, before
 * the series.
 */
export function PartialPeriodArea({ x, yAxisId }: { x: string; yAxisId?: string | number }) {
  const id = `partial-hatch-${useId().replace(/:/g, '')}`
  return (
    <>
      <defs>
        <pattern id={id} patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)">
          <rect width="2" height="6" fill="var(--text-faint, #8a93a1)" opacity="0.35" />
        </pattern>
      </defs>
      <ReferenceArea
        x1={x}
        x2={x}
        yAxisId={yAxisId}
        fill={`url(#${id})`}
        fillOpacity={1}
        stroke="none"
        ifOverflow="extendDomain"
        className="partial-period"
      />
    </>
  )
}

/** Under a chart with a partial last period: which one, and how far its data go. */
export function PartialPeriodNote({
  partial,
  label,
  unit = 'day',
  placement = 'below',
}: {
  partial: PartialPeriod
  /** The period's axis label ("Dec 3"). */
  label: string
  unit?: 'day' | 'week'
  /** Under one chart, or above a grid of charts that share the period. */
  placement?: 'above' | 'below'
}) {
  const id = `partial-note-${useId().replace(/:/g, '')}`
  return (
    <p className="muted small" data-testid="partial-period-note" style={{ display: 'flex', alignItems: 'flex-start', gap: 6, margin: placement === 'above' ? '0 0 10px' : '4px 0 0' }}>
      <svg aria-hidden="true" width="14" height="10" viewBox="0 0 14 10" style={{ flex: 'none', marginTop: 3 }}>
        <defs>
          <pattern id={id} patternUnits="userSpaceOnUse" width="4" height="4" patternTransform="rotate(45)">
            <rect width="1.5" height="4" fill="currentColor" />
          </pattern>
        </defs>
        <rect width="14" height="10" fill={`url(#${id})`} opacity="0.5" />
      </svg>
      <span>
        {label} is a partial {unit} ({partialPeriodCoverage(partial, unit)}): the faint bars and dashed lines there are not a drop
      </span>
    </p>
  )
}
