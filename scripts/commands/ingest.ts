import { getClickHouse } from '@/lib/clickhouse'
import { migrateClickHouse } from '@/db/clickhouse/migrate'
import type { IngestSummary } from '@/analytics/events/events.schema'
import { DEFAULT_MAX_REJECTED, ingestFiles, InputFileError, resolveInputFile, storeInProcess, type BatchStore, type InputFile } from '../ingest-files/ingest-files'
import { ServerResponseError, type ServerClient } from '../server-client'
import { parseCommandArgs, printJson, UsageError, type Command } from '../cli-args'

const OPTIONS = {
  'max-rejected': { type: 'string' },
} as const

/**
 * `oversight ingest FILE... [--max-rejected N]`: loads NDJSON (.ndjson, .jsonl), JSON (.json: an
 * array, one object, or NDJSON), CSV (.csv) and Parquet (.parquet) files, each optionally
 * gzipped, with the validation and de-duplication of POST /api/v1/events.
 *
 * stdout: the API's summary `{accepted, duplicates, rejected: [{index, error, file?, line?}],
 * rejected_count}`; `index` counts events across all files from 0, `file` is added when several
 * files are given, `line` for line-based formats. `rejected` lists the first N rejections (default
 * 1,000, as the API), `rejected_count` counts them all. stderr: per-file progress (terminal, or
 * files over 8 MB).
 *
 * Exit codes: 0 every event valid (duplicates included); 1 some events rejected or a file not
 * readable as its format (its error on stderr; other files are still ingested); 2 usage (no file,
 * missing file, unsupported extension: nothing is stored); 3 data dir held by another process.
 * While the server holds the data dir, the validated events go to its POST /api/v1/events.
 */
export const ingestCommand: Command = async (argv, context) => {
  const { values, positionals } = parseCommandArgs(argv, OPTIONS)
  if (positionals.length === 0) throw new UsageError('name at least one file: oversight ingest FILE...')
  const maxRejected = values['max-rejected'] === undefined ? DEFAULT_MAX_REJECTED : Number(values['max-rejected'])
  if (!Number.isInteger(maxRejected) || maxRejected < 0) throw new UsageError('--max-rejected must be a whole number ≥ 0')

  // Every file is checked before anything is stored, so a typo in the fifth name stores nothing.
  const files: InputFile[] = []
  for (const path of positionals) {
    try {
      files.push(await resolveInputFile(path))
    } catch (error) {
      if (error instanceof InputFileError) throw new UsageError(error.message)
      throw error
    }
  }

  let store: BatchStore
  if (context?.server) {
    store = storeThroughServer(context.server)
  } else {
    const ch = getClickHouse()
    await migrateClickHouse(ch)
    store = storeInProcess(ch)
  }
  const { summary, fileErrors } = await ingestFiles(store, files, { maxRejected })
  for (const { file, error } of fileErrors) process.stderr.write(`oversight ingest: ${file}: ${error}\n`)
  if (summary.rejected_count > summary.rejected.length) {
    process.stderr.write(`oversight ingest: ${summary.rejected_count} events rejected; the first ${summary.rejected.length} are listed.\n`)
  }
  printJson(summary)
  return summary.rejected_count > 0 || fileErrors.length > 0 ? 1 : 0
}

const NOTHING_STORED: IngestSummary = { accepted: 0, duplicates: 0, rejected: [], rejected_count: 0 }

/**
 * Stores validated batches through the running server. The events were validated here already
 * (the same rules, so rejections read as in process); the server validates again, and anything it
 * refuses (another version's rules) is reported, not lost. A body over the server's limits (413)
 * is sent in halves.
 */
function storeThroughServer(server: ServerClient): BatchStore {
  const post = async (events: unknown[]): Promise<IngestSummary> => {
    try {
      return (await server.request('POST', '/api/v1/events', { body: events })) as IngestSummary
    } catch (error) {
      if (!(error instanceof ServerResponseError && error.status === 413 && events.length > 1)) throw error
      const half = Math.ceil(events.length / 2)
      const first = await post(events.slice(0, half))
      const second = await post(events.slice(half))
      return {
        accepted: first.accepted + second.accepted,
        duplicates: first.duplicates + second.duplicates,
        rejected: [...first.rejected, ...second.rejected.map((r) => ({ ...r, index: r.index + half }))],
        rejected_count: first.rejected_count + second.rejected_count,
      }
    }
  }
  return async (batch, values) => {
    const answer = batch.events.length > 0 ? await post(batch.events.map((e) => (values[e.index] as { value: unknown }).value)) : NOTHING_STORED
    const refused = answer.rejected.map((r) => ({ index: batch.events[r.index].index, error: r.error }))
    return {
      accepted: answer.accepted,
      duplicates: answer.duplicates,
      rejected: [...batch.rejected, ...refused].sort((a, b) => a.index - b.index),
      rejected_count: batch.rejectedCount + answer.rejected_count,
    }
  }
}
