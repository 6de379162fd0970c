import type { CSSProperties } from 'react'
import { formatCount, formatPercent } from '@/lib/format'
import type { ConfusionMatrix } from '@/analytics/agreement/agreement.schema'
import { prepareConfusionHeatmap } from './prepare'
import styles from './agreement.module.css'

/** A label that may wrap after its underscores (hate_ / speech), never mid-word (agreement.module.css). */
function breakable(label: string): string {
  return label.replace(/_/g, '_\u200b')
}

/**
 * The confusion matrix as a heatmap (a CSS grid, not a chart): rows are the model's label,
 * columns the human's, each cell's colour grows with its share of the row; the diagonal
 * (human agreed) is green and outlined, overrides are red.
 */
export function ConfusionHeatmap({ confusion }: { confusion: ConfusionMatrix }) {
  const heatmap = prepareConfusionHeatmap(confusion)
  const n = heatmap.labels.length
  const style = { '--heatmap-columns': n } as CSSProperties
  return (
    <div className="heatmap-scroll">
      <div className={`heatmap ${styles.wholeLabels}`} style={style} role="table" aria-label="Confusion matrix: rows model label, columns human label" data-testid="confusion-heatmap">
        <div className="heatmap-row" role="row">
          <div className={`heatmap-corner ${styles.rowLabel}`} role="columnheader">
            <span>Model ↓</span>
            <span>Human →</span>
          </div>
          {heatmap.labels.map((label) => (
            <div key={label} className={`heatmap-col-label ${styles.colLabel}`} role="columnheader" title={`Human label: ${label}`}>
              {breakable(label)}
            </div>
          ))}
          <div className="heatmap-col-label heatmap-total" role="columnheader">
            Total
          </div>
        </div>
        {heatmap.rows.map((row) => (
          <div key={row.model} className="heatmap-row" role="row">
            <div className={`heatmap-row-label ${styles.rowLabel}`} role="rowheader" title={`Model label: ${row.model}`}>
              {row.model}
            </div>
            {row.cells.map((cell) => (
              <div
                key={cell.human}
                role="cell"
                className={`heatmap-cell ${styles.cell}${cell.diagonal ? ' diagonal' : ''}${cell.strong ? ' strong' : ''}${cell.count === 0 ? ' zero' : ''}`}
                style={{ background: cell.background }}
                title={cell.title}
                data-model={row.model}
                data-human={cell.human}
              >
                <span className="heatmap-count">{cell.count === 0 ? '·' : formatCount(cell.count)}</span>
                {cell.count > 0 ? <span className="heatmap-share">{formatPercent(cell.rowShare, cell.rowShare !== null && cell.rowShare < 0.01 ? 1 : 0)}</span> : null}
              </div>
            ))}
            <div className="heatmap-total" role="cell">
              {formatCount(row.total)}
            </div>
          </div>
        ))}
        <div className="heatmap-row" role="row">
          <div className={`heatmap-row-label heatmap-total ${styles.rowLabel}`} role="rowheader">
            Total
          </div>
          {heatmap.columnTotals.map((total, j) => (
            <div key={heatmap.labels[j]} className="heatmap-total" role="cell">
              {formatCount(total)}
            </div>
          ))}
          <div className="heatmap-total heatmap-grand-total" role="cell">
            {formatCount(heatmap.total)}
          </div>
        </div>
      </div>
      <ul className="chart-legend heatmap-key" aria-label="Legend">
        <li>
          <span className="legend-swatch" style={{ background: 'rgba(22, 163, 74, 0.6)' }} /> Human agreed (diagonal)
        </li>
        <li>
          <span className="legend-swatch" style={{ background: 'rgba(220, 38, 38, 0.5)' }} /> Human overrode
        </li>
        <li>Percentages are of the row: the reviews of that model label</li>
      </ul>
    </div>
  )
}
