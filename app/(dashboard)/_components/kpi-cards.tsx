'use client'

import { Explain, TipBlock } from './explain'
import styles from './kpi-cards.module.css'

/** One figure of a KPI row: what the pages' pure `prepare*Kpis` functions return. */
export interface Kpi {
  id: string
  label: string
  value: string
  /** A short second line with the counts behind the figure. */
  detail: string
  /** Exactly what the figure counts (shown on hover). */
  explanation: string
  /** `note`: the value is a sentence rather than a figure (e.g. "n/a — raters per item vary"); `warning`: worth a look. */
  tone?: 'note' | 'warning'
}

/** Cards per row on a wide screen; the grid falls back to two per row on narrow ones. */
type KpiColumns = 4 | 5

function gridClass(columns: KpiColumns): string {
  return columns === 5 ? 'kpi-grid kpi-grid-5' : 'kpi-grid'
}

export function KpiCards({ kpis, columns = 4, label }: { kpis: readonly Kpi[]; columns?: KpiColumns; label?: string }) {
  return (
    <div className={gridClass(columns)} role={label ? 'group' : undefined} aria-label={label}>
      {kpis.map((kpi) => (
        <KpiCard key={kpi.id} kpi={kpi} />
      ))}
    </div>
  )
}

/**
 * One figure. What it counts is on hover (the card's title), and behind its "i", a button that
 * opens the explanation (Explain) on a click, a tap or Enter/Space (Escape or a tap elsewhere
 * closes it): a phone has no hover. Screen readers also read it with the card.
 */
function KpiCard({ kpi }: { kpi: Kpi }) {
  return (
    <div className={kpi.tone ? `card kpi-card kpi-card-${kpi.tone}` : 'card kpi-card'} data-kpi={kpi.id} title={kpi.explanation}>
      <div className="kpi-label">
        {kpi.label}
        <Explain label="i" ariaLabel={`What ${kpi.label} counts`} buttonClassName={`info-dot ${styles.infoButton}`} testId="kpi-info" tipTestId="kpi-explanation">
          <TipBlock term={kpi.label}>{kpi.explanation}</TipBlock>
        </Explain>
      </div>
      <div className="kpi-value">{kpi.value}</div>
      <div className={`kpi-detail ${styles.detail}`}>{kpi.detail}</div>
      <span className="visually-hidden">{kpi.explanation}</span>
    </div>
  )
}

export function KpiCardsSkeleton({ count = 8, columns = 4 }: { count?: number; columns?: KpiColumns }) {
  return (
    <div className={gridClass(columns)} aria-hidden="true">
      {Array.from({ length: count }, (_, i) => (
        <div key={i} className="card kpi-card">
          <div className="skeleton skeleton-text" style={{ width: '50%' }} />
          <div className="skeleton" style={{ height: 28, width: '70%', marginTop: 10 }} />
          <div className="skeleton skeleton-text" style={{ width: '60%', marginTop: 10 }} />
        </div>
      ))}
    </div>
  )
}
