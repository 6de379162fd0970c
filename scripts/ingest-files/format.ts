/** File formats `oversight ingest` reads, decided from the name and the first bytes (pure). */

export type FileFormat = 'ndjson' | 'json' | 'csv' | 'parquet'

/** Extensions (lower case, after an optional `.gz`) and what they hold. `.json` is sniffed further. */
const EXTENSIONS: Record<string, FileFormat> = {
  '.ndjson': 'ndjson',
  '.jsonl': 'ndjson',
  '.json': 'json',
  '.csv': 'csv',
  '.parquet': 'parquet',
}

export const SUPPORTED_EXTENSIONS = [...Object.keys(EXTENSIONS), '(each optionally .gz)'] as const

const GZIP_MAGIC = [0x1f, 0x8b] as const
const PARQUET_MAGIC = [0x50, 0x41, 0x52, 0x31] as const // "PAR1"

export function isGzip(head: Uint8Array): boolean {
  return head.length >= 2 && head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1]
}

export function isParquet(head: Uint8Array): boolean {
  return PARQUET_MAGIC.every((byte, i) => head[i] === byte)
}

/** The extension before an optional `.gz`: `a.ndjson.gz` → `.ndjson`; `a.gz` → ''. */
export function innerExtension(fileName: string): { extension: string; gzipName: boolean } {
  const lower = fileName.toLowerCase()
  const gzipName = lower.endsWith('.gz')
  const base = gzipName ? lower.slice(0, -3) : lower
  const slash = Math.max(base.lastIndexOf('/'), base.lastIndexOf('\\'))
  const name = base.slice(slash + 1)
  const dot = name.lastIndexOf('.')
  return { extension: dot > 0 ? name.slice(dot) : '', gzipName }
}

/** The format an extension names, or undefined for an unknown or missing one. */
export function formatFromExtension(extension: string): FileFormat | undefined {
  return Object.hasOwn(EXTENSIONS, extension) ? EXTENSIONS[extension] : undefined
}

const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d])
const UTF8_BOM = [0xef, 0xbb, 0xbf] as const

/** Index of the first byte that is neither whitespace nor a UTF-8 byte-order mark; -1 when none. */
export function firstContentByte(head: Uint8Array): number {
  let i = 0
  if (UTF8_BOM.every((byte, j) => head[j] === byte)) i = 3
  while (i < head.length && WHITESPACE.has(head[i])) i++
  return i < head.length ? i : -1
}

/**
 * How a JSON-ish file is read: a JSON array or a single (possibly pretty-printed) JSON value is
 * read whole; NDJSON is streamed line by line. Decided from the first bytes: `[` starts an array;
 * `{` starts NDJSON when the first line is a complete JSON value, else one multi-line object.
 */
export type JsonLayout = 'array' | 'ndjson' | 'document'

export function sniffJsonLayout(head: Uint8Array, headIsWholeFile: boolean): JsonLayout {
  const start = firstContentByte(head)
  if (start === -1) return 'ndjson'
  if (head[start] === 0x5b) return 'array'
  if (head[start] !== 0x7b) return 'ndjson' // not JSON at all: each line is rejected on its own
  const newline = head.indexOf(0x0a, start)
  if (newline === -1) return headIsWholeFile ? 'document' : 'ndjson'
  try {
    JSON.parse(new TextDecoder().decode(head.subarray(start, newline)))
    return 'ndjson'
  } catch {
    return 'document'
  }
}

/** A format guessed from decompressed content, for `events.gz` without an inner extension. */
export function sniffFormat(head: Uint8Array): FileFormat | undefined {
  if (isParquet(head)) return 'parquet'
  const start = firstContentByte(head)
  if (start === -1) return undefined
  if (head[start] === 0x5b) return 'json'
  if (head[start] === 0x7b) return 'ndjson'
  return undefined
}
