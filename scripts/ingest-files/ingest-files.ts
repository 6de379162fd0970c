import fs from 'node:fs'
import { asyncBufferFromFile, type AsyncBuffer } from 'hyparquet'
import type { ClickHouse } from '@/lib/clickhouse'
import { validateValues, type ParsedBatch } from '@/analytics/events/events.parse'
import { ingestBatch } from '@/analytics/events/ingest'
import { MAX_REJECTED_LISTED, type IngestRejection, type IngestSummary } from '@/analytics/events/events.schema'
import { formatFromExtension, innerExtension, isGzip, isParquet, sniffFormat, sniffJsonLayout, type FileFormat, type JsonLayout } from './format'
import { openByteStream, readHead, readRawHead, readWhole, type ByteCounter } from './source'
import { readNdjson } from './ndjson'
import { readCsv } from './csv'
import { readJsonDocument } from './json'
import { readParquet } from './parquet'
import { FileFormatError, type DecodedChunk, type DecodedValue } from './record'
import { FileProgress, type ProgressSink } from './progress'

/** Events per validation and insert: the API's recommended request size (SPEC §5). */
export const INGEST_BATCH_SIZE = 5_000
/** Rejections listed in the summary, as the API lists them; past this they are only counted (`rejected_count`). */
export const DEFAULT_MAX_REJECTED = MAX_REJECTED_LISTED
/** Bytes sniffed from the start of a file to tell a JSON array from NDJSON and check magic numbers. */
const SNIFF_BYTES = 64 * 1024

/** A file given on the command line, checked before anything is read or stored. */
export interface InputFile {
  path: string
  size: number
  gzip: boolean
  format: FileFormat
  /** How a JSON-ish file is read (NDJSON is streamed; an array or single object read whole). */
  layout?: JsonLayout
}

/** A file that cannot be ingested at all: missing, a directory, an unsupported extension (exit 2). */
export class InputFileError extends Error {}

const SUPPORTED = '.ndjson, .jsonl, .json, .csv or .parquet, each optionally gzipped (.gz)'

/** Checks a path and decides its format from its name, magic bytes and first bytes. */
export async function resolveInputFile(path: string): Promise<InputFile> {
  let stat: fs.Stats
  try {
    stat = fs.statSync(path)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    throw new InputFileError(`${path}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : String(error)}`)
  }
  if (stat.isDirectory()) throw new InputFileError(`${path}: is a directory, not a file`)
  let gzip: boolean
  try {
    gzip = isGzip(readRawHead(path, 2))
  } catch (error) {
    throw new InputFileError(`${path}: cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`)
  }
  const { extension, gzipName } = innerExtension(path)
  let head: Buffer
  let complete: boolean
  try {
    ;({ head, complete } = await readHead(path, gzip, SNIFF_BYTES))
  } catch (error) {
    throw new InputFileError(`${path}: is not valid gzip (${error instanceof Error ? error.message : String(error)})`)
  }
  let format = formatFromExtension(extension)
  if (!format) {
    // `events.gz`: the name says only "gzip", so the content decides.
    if (extension === '' && gzipName) format = sniffFormat(head)
    if (!format) {
      const what = extension ? `unsupported extension "${extension}"` : 'no file extension to tell its format'
      throw new InputFileError(`${path}: ${what}; supported: ${SUPPORTED}`)
    }
  }
  if (format === 'parquet' && !isParquet(head)) {
    throw new InputFileError(`${path}: is not a Parquet file (it does not start with "PAR1")`)
  }
  const layout = format === 'json' ? sniffJsonLayout(head, complete) : format === 'ndjson' ? 'ndjson' : undefined
  return { path, size: stat.size, gzip, format, layout }
}

/** A rejection as the API reports it, plus where it came from. */
export interface FileRejection extends IngestRejection {
  file?: string
  line?: number
}

/** The API's summary: `rejected` lists the first `maxRejected`, `rejected_count` counts them all. */
export interface IngestFilesSummary extends IngestSummary {
  rejected: FileRejection[]
}

export interface IngestFilesResult {
  summary: IngestFilesSummary
  /** Files that could not be read as their format (the API's 400): their events were not stored. */
  fileErrors: Array<{ file: string; error: string }>
}

export interface IngestFilesOptions {
  batchSize?: number
  maxRejected?: number
  /** Where progress goes; defaults to stderr. */
  progress?: ProgressSink
}

/**
 * Where a validated batch is stored: answers the API's summary of it (`accepted`, `duplicates`;
 * `rejected` for events the store refused itself, which the in-process store never does).
 */
export type BatchStore = (batch: ParsedBatch, values: DecodedValue[]) => Promise<IngestSummary>

/** The store in this process (the data dir is ours). */
export function storeInProcess(ch: ClickHouse): BatchStore {
  return (batch) => ingestBatch(ch, batch)
}

/** Decoded chunks of one file, whatever its format. */
async function* readFile(file: InputFile, counter: ByteCounter, batchSize: number): AsyncGenerator<DecodedChunk> {
  switch (file.format) {
    case 'ndjson':
    case 'json':
      if (file.layout === 'ndjson') {
        yield* readNdjson(openByteStream(file.path, file.gzip, counter), batchSize)
      } else {
        yield* readJsonDocument(await readWhole(file.path, file.gzip, counter), batchSize)
      }
      return
    case 'csv':
      yield* readCsv(openByteStream(file.path, file.gzip, counter), batchSize)
      return
    case 'parquet': {
      // Parquet needs random access: a gzipped file is inflated into memory, a plain one read by range.
      const source: AsyncBuffer = file.gzip ? toArrayBuffer(await readWhole(file.path, true)) : await asyncBufferFromFile(file.path)
      // Parquet is read by row group: progress follows rows done.
      yield* readParquet(source, batchSize, (done, total) => {
        counter.bytesRead = total > 0 ? Math.round((file.size * done) / total) : file.size
      })
      counter.bytesRead = file.size
      return
    }
  }
}

function toArrayBuffer(bytes: Buffer): ArrayBuffer {
  const copy = new ArrayBuffer(bytes.byteLength)
  new Uint8Array(copy).set(bytes)
  return copy
}

/**
 * Starts producing the next item while the consumer works on the current one, so that reading
 * and parsing the next batch overlaps the insert of this one (chDB runs queries off the JS thread).
 */
async function* prefetch<T>(source: AsyncIterator<T>): AsyncGenerator<T> {
  const advance = () => {
    const promise = source.next()
    promise.catch(() => undefined) // observed when awaited; never an unhandled rejection
    return promise
  }
  let next = advance()
  try {
    for (;;) {
      const result = await next
      if (result.done) return
      next = advance()
      yield result.value
    }
  } finally {
    await next.then(
      () => source.return?.(),
      () => undefined,
    )
  }
}

/**
 * Ingests files in order with the API's validation (`validateValues`, here, so rejections read the
 * same whichever store takes the batch) and storage (`store`: `ingestBatch` in process, or the
 * running server; de-duplicated by event_id), in batches of `batchSize`. Rejection indexes count
 * events across all files from 0, as if the files were one request body.
 */
export async function ingestFiles(store: BatchStore, files: InputFile[], options: IngestFilesOptions = {}): Promise<IngestFilesResult> {
  const batchSize = options.batchSize ?? INGEST_BATCH_SIZE
  const maxRejected = options.maxRejected ?? DEFAULT_MAX_REJECTED
  const sink = options.progress ?? process.stderr
  const summary: IngestFilesSummary = { accepted: 0, duplicates: 0, rejected: [], rejected_count: 0 }
  const fileErrors: IngestFilesResult['fileErrors'] = []
  const named = files.length > 1
  let base = 0
  for (const file of files) {
    const counter: ByteCounter = { bytesRead: 0 }
    const progress = FileProgress.forFile(file.path, file.size, sink)
    let events = 0
    try {
      for await (const chunk of prefetch(readFile(file, counter, batchSize))) {
        // Only as many rejections as the list still has room for are built; the rest are counted.
        const batch = validateValues(chunk.values, { maxRejected: maxRejected - summary.rejected.length })
        const stored = await store(batch, chunk.values)
        summary.accepted += stored.accepted
        summary.duplicates += stored.duplicates
        summary.rejected_count += stored.rejected_count
        for (const rejection of stored.rejected) {
          if (summary.rejected.length >= maxRejected) break
          const line = chunk.lines?.[rejection.index]
          summary.rejected.push({
            index: base + events + rejection.index,
            error: rejection.error,
            ...(named ? { file: file.path } : {}),
            ...(line !== undefined ? { line } : {}),
          })
        }
        events += batch.total
        progress.update({ bytesRead: counter.bytesRead, events })
      }
    } catch (error) {
      if (!(error instanceof FileFormatError)) throw error
      fileErrors.push({ file: file.path, error: error.message })
    }
    progress.finish({ bytesRead: counter.bytesRead, events })
    base += events
  }
  return { summary, fileErrors }
}
