import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { closeClickHouse, getClickHouse } from '@/lib/clickhouse'
import { migrateClickHouse } from '@/db/clickhouse/migrate'
import { BENCH_DATA_END, insertMetricsData } from './metrics-data'
import { benchMetricQueries } from './metrics'
import { ingestLiveBatches } from './metrics-ingest'
import { registerCleanup } from './cleanup'

/** SPEC §5 scale: 30 days of 10M predictions and 2M reviews. */
export const DEFAULT_METRICS_PREDICTIONS = 10_000_000
export const DEFAULT_METRICS_REVIEWS = 2_000_000
/** Live batches ingested after the bulk load (the second round of timings): the API's batch size. */
const LIVE_BATCHES = 3
const LIVE_BATCH_EVENTS = 5_000

export interface MetricsRunOptions {
  predictions: number
  reviews: number
  repeats: number
  log: (message: string) => void
}

/**
 * The metrics benchmark on a fresh temporary data dir (in-process chDB, as the server runs it):
 * bulk-generates the data in the engine (merged, as a store at rest), times each family's service
 * next to a naive scan; then ingests a few live batches through the API's path and times the
 * services again (`after_ingest`: fresh parts and sign rows not yet merged, as under traffic).
 */
export async function runMetricsBench(options: MetricsRunOptions) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'oversight-bench-metrics-'))
  const previous = process.env.OVERSIGHT_DATA_DIR
  const cleanup = async () => {
    await closeClickHouse()
    fs.rmSync(dataDir, { recursive: true, force: true })
    if (previous === undefined) delete process.env.OVERSIGHT_DATA_DIR
    else process.env.OVERSIGHT_DATA_DIR = previous
  }
  const unregister = registerCleanup(cleanup)
  try {
    process.env.OVERSIGHT_DATA_DIR = dataDir
    const ch = getClickHouse()
    await migrateClickHouse(ch)
    options.log(`generating ${options.predictions.toLocaleString('en-US')} predictions and ${options.reviews.toLocaleString('en-US')} reviews`)
    const started = Date.now()
    const data = await insertMetricsData(ch, { predictions: options.predictions, reviews: options.reviews })
    const generatedSeconds = (Date.now() - started) / 1000
    const result = await benchMetricQueries(ch, { repeats: options.repeats, now: BENCH_DATA_END, log: options.log })
    options.log(`ingesting ${LIVE_BATCHES} live batches of ${LIVE_BATCH_EVENTS.toLocaleString('en-US')} events`)
    const live = await ingestLiveBatches(ch, { batches: LIVE_BATCHES, size: LIVE_BATCH_EVENTS, end: BENCH_DATA_END, log: options.log })
    const afterIngest = await benchMetricQueries(ch, { repeats: options.repeats, naiveRepeats: 0, now: BENCH_DATA_END, log: options.log })
    return { data: { ...data, generated_seconds: generatedSeconds }, ...result, after_ingest: { ...live, families: afterIngest.families } }
  } finally {
    unregister()
    await cleanup()
  }
}
