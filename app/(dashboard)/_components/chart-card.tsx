import type { ReactNode } from 'react'
import { CHART_HEIGHT } from './chart-theme'
import type { CsvExport } from './csv'
import { CsvDownloadButton } from './csv-download'
import styles from './chart-card.module.css'

/** A card's title and subtitle (wrapping, never cut off) with its actions on the right. */
function CardHeader({ title, titleId, subtitle, csv }: { title: string; titleId?: string; subtitle?: ReactNode; csv?: CsvExport }) {
  return (
    <header className={`chart-header ${styles.header}`}>
      <div className={styles.headerText}>
        <h2 id={titleId}>{title}</h2>
        {subtitle ? <p className="muted small">{subtitle}</p> : null}
      </div>
      {csv ? (
        <div className={styles.actions}>
          <CsvDownloadButton csv={csv} what={title} />
        </div>
      ) : null}
    </header>
  )
}

/** A titled card around one chart (or a chart-like block such as a heatmap). */
export function ChartCard({
  title,
  subtitle,
  children,
  wide = false,
  testId,
  csv,
}: {
  title: string
  subtitle: ReactNode
  children: ReactNode
  /** Spans both columns of the chart grid. */
  wide?: boolean
  testId?: string
  /** The rows behind the chart (unformatted figures), offered as a CSV download in the header. */
  csv?: CsvExport
}) {
  return (
    <section className={wide ? 'card chart-card chart-card-wide' : 'card chart-card'} data-testid={testId}>
      <CardHeader title={title} subtitle={subtitle} csv={csv} />
      <div className="chart-box">{children}</div>
    </section>
  )
}

/**
 * The table of a card, scrolling sideways on narrow screens with its first column (the row's
 * name) kept in place: TableCard's body, also for a table in another container (a <details>).
 */
export function ScrollTable({ label, testId, children }: { label: string; testId?: string; children: ReactNode }) {
  return (
    <div className={`table-scroll ${styles.scroll}`}>
      <table className={`table ${styles.stickyFirst}`} aria-label={label} data-testid={testId}>
        {children}
      </table>
    </div>
  )
}

/**
 * A card around a table: an optional titled header, an optional CSV download of the rows, and the
 * table scrolling sideways on narrow screens with its first column in place.
 */
export function TableCard({
  title,
  titleId,
  subtitle,
  tableLabel,
  tableTestId,
  csv,
  children,
}: {
  title?: string
  /** Labels the card by its title. */
  titleId?: string
  subtitle?: ReactNode
  tableLabel: string
  tableTestId?: string
  /** The table's rows with unformatted figures, offered as a CSV download (in the header, or above an untitled table). */
  csv?: CsvExport
  /** The table's head and body. */
  children: ReactNode
}) {
  return (
    <section className="card table-card" aria-labelledby={titleId}>
      {title ? (
        <CardHeader title={title} titleId={titleId} subtitle={subtitle} csv={csv} />
      ) : csv ? (
        <div className={styles.toolbar}>
          <CsvDownloadButton csv={csv} what={tableLabel} />
        </div>
      ) : null}
      <ScrollTable label={tableLabel} testId={tableTestId}>
        {children}
      </ScrollTable>
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
