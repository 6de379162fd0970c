'use client'

import { csvFileName, toCsv, type CsvExport } from './csv'
import styles from './chart-card.module.css'

/** UTF-8 text, marked as such (RFC 4180 §3 registers text/csv with a charset parameter). */
const CSV_TYPE = 'text/csv;charset=utf-8'
/** The object URL outlives the click by this long, so that the browser has started the download. */
const REVOKE_AFTER_MS = 60_000

/** Saves `csv` as `<fileName>.csv` through an object URL and a temporary link (a real file download). */
export function downloadCsv(csv: CsvExport): void {
  const blob = new Blob([toCsv(csv.header, csv.rows)], { type: CSV_TYPE })
  const url = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = url
  link.download = `${csvFileName([csv.fileName])}.csv`
  link.style.display = 'none'
  document.body.append(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS)
}

/** "CSV" with a download arrow; its accessible name says what is downloaded. */
export function CsvDownloadButton({ csv, what }: { csv: CsvExport; what: string }) {
  const rows = csv.rows.length
  return (
    <button
      type="button"
      className={`button-secondary ${styles.csvButton}`}
      aria-label={`Download CSV of ${what}`}
      title={`Download the ${rows} row${rows === 1 ? '' : 's'} behind “${what}” as CSV`}
      onClick={() => downloadCsv(csv)}
      data-testid="csv-download"
    >
      <svg aria-hidden="true" width="14" height="14" viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round">
        <path d="M8 2v8M4.5 6.5 8 10l3.5-3.5M2.5 13.5h11" />
      </svg>
      CSV
    </button>
  )
}
