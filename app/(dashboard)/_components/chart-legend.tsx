'use client'

import { useState } from 'react'
import styles from './chart-legend.module.css'

/** One series of a chart: its data key, its name in the legend and tooltip, its colour. */
export interface SeriesSpec {
  key: string
  name: string
  color: string
  /** How the legend draws its swatch: a bar's square, a line's stroke, a dashed line. */
  swatch?: 'bar' | 'line' | 'dash'
}

/** Which series of a chart are hidden, and a toggle: the state behind a SeriesLegend. */
export function useSeriesToggle(): { hidden: ReadonlySet<string>; toggle: (key: string) => void; isHidden: (key: string) => boolean } {
  const [hidden, setHidden] = useState<ReadonlySet<string>>(() => new Set())
  const toggle = (key: string) =>
    setHidden((current) => {
      const next = new Set(current)
      if (next.has(key)) next.delete(key)
      else next.add(key)
      return next
    })
  return { hidden, toggle, isHidden: (key) => hidden.has(key) }
}

/**
 * The key of a chart as buttons that show and hide its series (click, or Enter/Space from the
 * keyboard): each is a toggle button, pressed while its series is shown. In HTML, so it wraps on
 * narrow cards and every entry is a tab stop.
 */
export function SeriesLegend({ series, hidden, onToggle, label = 'Series' }: { series: readonly SeriesSpec[]; hidden: ReadonlySet<string>; onToggle: (key: string) => void; label?: string }) {
  const allHidden = series.length > 0 && series.every((s) => hidden.has(s.key))
  return (
    <div className={styles.legend} role="group" aria-label={`${label}: show or hide`} data-testid="series-legend">
      {series.map((s) => {
        const shown = !hidden.has(s.key)
        return (
          <button
            key={s.key}
            type="button"
            className={styles.item}
            aria-pressed={shown}
            title={shown ? `Hide ${s.name}` : `Show ${s.name}`}
            onClick={() => onToggle(s.key)}
            data-series={s.key}
          >
            <span
              aria-hidden="true"
              className={`${styles.swatch} ${s.swatch === 'line' ? styles.swatchLine : s.swatch === 'dash' ? styles.swatchDash : ''}`}
              style={s.swatch === 'line' || s.swatch === 'dash' ? { borderColor: s.color } : { background: s.color }}
            />
            {s.name}
          </button>
        )
      })}
      {allHidden ? <span className={styles.note}>All series hidden: select one to show it</span> : null}
    </div>
  )
}
