import { parquetMetadataAsync, parquetReadObjects, type AsyncBuffer, type FileMetaData, type ParquetParsers } from 'hyparquet'
import { compressors } from 'hyparquet-compressors'
import { assembleAttributes, FileFormatError, type DecodedChunk } from './record'

const utf8 = new TextDecoder()

/**
 * Timestamps become epoch milliseconds directly (the form the API accepts), rather than Date
 * objects that would be converted back.
 */
const PARSERS: Partial<ParquetParsers> = {
  timestampFromMilliseconds: (millis) => Number(millis),
  timestampFromMicroseconds: (micros) => Number(micros / 1000n),
  timestampFromNanoseconds: (nanos) => Number(nanos / 1_000_000n),
  dateFromDays: (days) => days * 86_400_000,
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER)

/**
 * A Parquet cell as a JSON-like value: null → absent, BigInt → Number when exact (else its
 * decimal text, which validation then rejects by name), Date → epoch ms, bytes → UTF-8 text,
 * maps and structs → objects.
 */
export function convertParquetValue(value: unknown): unknown {
  if (value === null || value === undefined) return undefined
  switch (typeof value) {
    case 'bigint':
      return value <= MAX_SAFE && value >= -MAX_SAFE ? Number(value) : value.toString()
    case 'object':
      if (value instanceof Date) return value.getTime()
      if (value instanceof Uint8Array) return utf8.decode(value)
      if (Array.isArray(value)) return value.map(convertParquetValue)
      return convertParquetRow(value as Record<string, unknown>)
    default:
      return value
  }
}

/** One row as the JSON object an API client would have sent (`attributes.<key>` columns folded in). */
export function convertParquetRow(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const key of Object.keys(row)) {
    const converted = convertParquetValue(row[key])
    if (converted !== undefined) out[key] = converted
  }
  return out
}

/**
 * Reads a Parquet file one row group at a time (columnar data must be decoded by row group) and
 * yields at most `batchSize` rows per chunk. `onRows` reports rows done out of the total.
 */
export async function* readParquet(
  file: AsyncBuffer,
  batchSize: number,
  onRows?: (done: number, total: number) => void,
): AsyncGenerator<DecodedChunk> {
  let metadata: FileMetaData
  try {
    metadata = await parquetMetadataAsync(file)
  } catch (error) {
    throw new FileFormatError(`not a readable Parquet file (${error instanceof Error ? error.message : String(error)})`)
  }
  const total = Number(metadata.num_rows)
  let rowStart = 0
  for (const group of metadata.row_groups) {
    const rowEnd = rowStart + Number(group.num_rows)
    const rows = await parquetReadObjects({ file, metadata, rowStart, rowEnd, compressors, parsers: PARSERS })
    for (let i = 0; i < rows.length; i += batchSize) {
      yield {
        values: rows.slice(i, i + batchSize).map((row) => assembleAttributes(convertParquetRow(row))),
      }
      onRows?.(rowStart + Math.min(i + batchSize, rows.length), total)
    }
    rowStart = rowEnd
  }
}
