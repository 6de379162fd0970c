import type { ReactNode } from 'react'
import { CHART_HEIGHT } from './chart-theme'

/** A titled card around one chart (or a chart-like block such as a heatmap). */
export function ChartCard({
  title,
  subtitle,
  children,
  wide = false,
  testId,
}: {
  title: string
  subtitle: ReactNode
  children: ReactNode
  /** Spans both columns of the chart grid. */
  wide?: boolean
  testId?: string
}) {
  return (
    <section className={wide ? 'card chart-card chart-card-wide' : 'card chart-card'} data-testid={testId}>
      <header className="chart-header">
        <h2>{title}</h2>
        <p className="muted small">{subtitle}</p>
      </header>
      <div className="chart-box">{children}</div>
    </section>
  )
}

/** A card around a table: an optional titled header, and the table scrolling sideways on narrow screens. */
export function TableCard({
  title,
  titleId,
  subtitle,
  tableLabel,
  tableTestId,
  children,
}: {
  title?: string
  /** Labels the card by its title. */
  titleId?: string
  subtitle?: ReactNode
  tableLabel: string
  tableTestId?: string
  /** The table's head and body. */
  children: ReactNode
}) {
  return (
    <section className="card table-card" aria-labelledby={titleId}>
      {title ? (
        <header className="chart-header">
          <h2 id={titleId}>{title}</h2>
          <p className="muted small">{subtitle}</p>
        </header>
      ) : null}
      <div className="table-scroll">
        <table className="table" aria-label={tableLabel} data-testid={tableTestId}>
          {children}
        </table>
      </div>
    </section>
  )
}

export function ChartGridSkeleton({ count = 4, height = CHART_HEIGHT }: { count?: number; height?: number }) {
  return (
    <div className="chart-grid" aria-hidden="true">
      {Array.from({ length: count }, (_, i) => (
        <section key={i} className="card chart-card">
          <div className="skeleton skeleton-text" style={{ width: '40%' }} />
          <div className="skeleton skeleton-text" style={{ width: '70%', marginTop: 8 }} />
          <div className="skeleton" style={{ height, marginTop: 16 }} />
        </section>
      ))}
    </div>
  )
}
