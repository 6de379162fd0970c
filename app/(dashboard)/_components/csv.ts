/**
 * CSV export of the rows behind a chart or a table (RFC 4180): pure `toCsv` and a typed
 * `csvExport` builder here, the browser download in csv-download.tsx. Numbers are written
 * unformatted (0.04512, not "0.045" or "4.5%"), so a spreadsheet or pandas reads the API's values.
 */
import { urlFiltersFromApiFilters } from '@/lib/filters'

/** One field: numbers as they are, null/undefined as an empty field, booleans as true/false. */
export type CsvValue = string | number | boolean | null | undefined

/** The rows behind a chart or a table, ready to download: what ChartCard and TableCard take as `csv`. */
export interface CsvExport {
  /** File name without the extension; made safe by `csvFileName`. */
  fileName: string
  header: readonly string[]
  rows: readonly (readonly CsvValue[])[]
}

/** A column of `csvExport`: its header and how to read it from a row. */
export interface CsvColumn<Row> {
  header: string
  value: (row: Row) => CsvValue
}

/** RFC 4180 §2: records end with CRLF. */
const CRLF = '\r\n'
/** Fields holding any of these are quoted (RFC 4180 §2.6). */
const NEEDS_QUOTES = /[",\r\n]/
/**
 * A text field starting with one of these is read as a formula by Excel, LibreOffice and Google
 * Sheets (OWASP "CSV injection"): a model or segment name comes from telemetry, so such a text
 * gets a leading apostrophe, which the spreadsheets hide. Numbers are never touched.
 */
const FORMULA_START = /^[=+\-@\t\r]/

function formatNumber(value: number): string {
  // A non-finite figure is not a value a reader can use: leave the field empty, as for null.
  if (!Number.isFinite(value)) return ''
  // Shortest round-trip form (0.1 + 0.2 → 0.30000000000000004): exact, never rounded for show.
  return Object.is(value, -0) ? '0' : String(value)
}

/** One field, quoted when RFC 4180 requires it (quotes inside doubled). */
export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'number') return formatNumber(value)
  if (typeof value === 'boolean') return value ? 'true' : 'false'
  const text = FORMULA_START.test(value) ? `'${value}` : value
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/** The header line and one line per row, each ending with CRLF (an empty table is its header). */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  for (const [i, row] of rows.entries()) {
    if (row.length !== header.length) throw new RangeError(`row ${i} has ${row.length} fields, the header ${header.length}`)
  }
  return [header, ...rows].map((fields) => fields.map(csvField).join(',') + CRLF).join('')
}

/** Typed rows → a CsvExport: one column per `columns` entry, in order. */
export function csvExport<Row>(fileName: string, rows: readonly Row[], columns: readonly CsvColumn<Row>[]): CsvExport {
  return { fileName, header: columns.map((c) => c.header), rows: rows.map((row) => columns.map((c) => c.value(row))) }
}

/** Longest file name kept (without ".csv"): file systems allow 255 bytes, people read far fewer. */
const MAX_FILE_NAME = 120

/**
 * A file name from its parts (page, chart, model, range…): lower-case words joined by "-", other
 * characters dropped, empty parts skipped. ["Calibration", "reliability", "fraud/detector"] →
 * "calibration-reliability-fraud-detector". Never empty ("export").
 */
export function csvFileName(parts: readonly (string | null | undefined)[]): string {
  const slug = parts
    .filter((p): p is string => typeof p === 'string')
    .map((p) =>
      p
        .normalize('NFKD')
        .replace(/[\u0300-\u036f]/g, '')
        .toLowerCase()
        .replace(/[^a-z0-9._]+/g, '-')
        .replace(/^[-.]+|[-.]+$/g, ''),
    )
    .filter((p) => p !== '')
    .join('-')
    .slice(0, MAX_FILE_NAME)
    .replace(/-+$/, '')
  return slug || 'export'
}

/** The filters a metrics response echoes, as far as a file name needs them. */
interface ScopeFilters {
  model?: string | null
  segment?: string | null
  model_version?: string | null
  from?: string | null
  to?: string | null
}

/**
 * A download's file name: the page and what it holds, then the scope the API applied (model or
 * "all-models", segment, version, first and last day), so two downloads of different views do not
 * overwrite each other. ("calibration", "reliability", {model: "fraud", from…}) →
 * "calibration-reliability-fraud-2026-10-25-2026-11-23".
 */
export function scopedCsvFileName(page: string, what: string, filters: ScopeFilters): string {
  const days = urlFiltersFromApiFilters(filters)
  return csvFileName([
    page,
    what,
    filters.model || 'all-models',
    filters.segment ? `segment-${filters.segment}` : null,
    filters.model_version ? `version-${filters.model_version}` : null,
    days.from,
    days.to,
  ])
}
