'use client'

import type { TooltipContentProps } from 'recharts'
import { partialPeriodText, type PartialPeriod } from '../../_components/chart-math'
import type { SeriesSpec } from '../../_components/chart-legend'

/** A series of a chart whose series have different units (counts, durations, percents). */
export interface MixedSeries extends SeriesSpec {
  format: (value: number | null | undefined) => string
  /** The point's field shown in the tooltip when it is not the plotted one (a wait raised to the log axis' floor). */
  valueKey?: string
}

/**
 * The tooltip of a chart mixing units: the kit's SeriesTooltip takes one format for every row,
 * this one a format per series. The title is the point's `titleKey` (a full label such as
 * "Nov 25, 16:00–17:00 UTC"), with the partial-day note when the point is that day.
 */
export function MixedTooltip({
  active,
  payload,
  series,
  hidden,
  titleKey = 'label',
  partial,
  extra,
}: Partial<TooltipContentProps> & {
  series: readonly MixedSeries[]
  hidden?: ReadonlySet<string>
  titleKey?: string
  partial?: PartialPeriod | null
  /** A last line under the figures (e.g. "short by 2 reviewers"), from the point. */
  extra?: (point: Record<string, unknown>) => string | null
}) {
  const point = payload?.[0]?.payload as Record<string, unknown> | undefined
  if (!active || !point) return null
  const shown = series.filter((s) => !hidden?.has(s.key))
  const isPartial = partial !== null && partial !== undefined && point.date === partial.period
  const note = extra?.(point) ?? null
  return (
    <div className="chart-tooltip" data-testid="chart-tooltip">
      <div className="chart-tooltip-title">{String(point[titleKey] ?? '')}</div>
      {isPartial ? (
        <div className="chart-tooltip-note" data-testid="partial-note">
          {partialPeriodText(partial)}
        </div>
      ) : null}
      <dl>
        {shown.map((s) => {
          const value = point[s.valueKey ?? s.key]
          return (
            <div key={s.key} style={{ display: 'contents' }}>
              <dt>
                <span aria-hidden="true" style={{ display: 'inline-block', width: 8, height: 8, borderRadius: 2, marginRight: 6, background: s.color }} />
                {s.name}
              </dt>
              <dd>{s.format(typeof value === 'number' && Number.isFinite(value) ? value : null)}</dd>
            </div>
          )
        })}
      </dl>
      {note ? <div className="chart-tooltip-note">{note}</div> : null}
    </div>
  )
}
