import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { randomBytes } from 'node:crypto'
import { z } from 'zod'
import { closeClickHouse, getClickHouse, insertRows, queryRows, runCommand } from '@/lib/clickhouse'
import { closeDb, getDb } from '@/lib/db'
import { createApiKey } from '@/lib/auth/api-keys'
import { migrateClickHouse } from '@/db/clickhouse/migrate'
import { decodeNdjson, validateValues } from '@/analytics/events/events.parse'
import type { StoredEvent } from '@/analytics/events/events.schema'
import { generateBenchEvents, toNdjsonBatches } from './bench-events'
import { latencySummary, perSecond, ratio } from './bench-stats'
import { registerCleanup } from './cleanup'
import { ensureProductionBuild, startServer, type RunningServer } from './server'

/** SPEC §5: HTTP ingest of NDJSON batches of 5,000 sustains ≥ 50,000 events/s, ≥ 0.3 of the raw insert rate. */
export const INGEST_TARGET_EVENTS_PER_S = 50_000
export const INGEST_TARGET_RATIO_TO_RAW = 0.3
export const DEFAULT_BENCH_EVENTS = 200_000
export const DEFAULT_BENCH_BATCH_SIZE = 5_000
export const DEFAULT_BENCH_CONCURRENCY = 2
/** Events posted before timing starts: they open the stores and warm the route up (not counted). */
const WARMUP_EVENTS = 5_000
const WARMUP_SEED = 7
/** Progress lines while posting: at most one every 2 s. */
const PROGRESS_INTERVAL_MS = 2_000

export interface IngestBenchOptions {
  events: number
  batchSize: number
  concurrency: number
  log: (message: string) => void
}

export interface IngestBenchResult {
  events: number
  batch_size: number
  concurrency: number
  http_events_per_s: number | null
  raw_insert_events_per_s: number | null
  ratio_to_raw: number | null
  batch_latency_ms: { p50: number | null; p95: number | null; max: number | null }
  /** Server CPU per batch (ms, all threads): less sensitive than events/s to other load on the machine. */
  server_cpu_ms_per_batch: number | null
  /** Peak server RSS while posting, sampled after each batch (SPEC §5: ≤ 1.5 GB). */
  server_rss_mb_max: number | null
  target_events_per_s: number
  target_ratio_to_raw: number
  meets_target: boolean
  http_seconds: number
  raw_insert_seconds: number
  warmup_events: number
  /** The server's summaries over the timed batches: accepted must equal `events`. */
  server: { accepted: number; duplicates: number; rejected: number }
  /** Rows in the telemetry tables after the run (timed events + warm-up). */
  stored_events: number
  /** Other work on the machine skews every figure: the 1-minute load average at the end. */
  load_average_1m: number
}

interface HttpRun {
  elapsedMs: number
  /** Server CPU (all its threads, chDB's included) over the timed batches, per batch. */
  serverCpuMsPerBatch: number | null
  serverRssMbMax: number | null
  latenciesMs: number[]
  accepted: number
  duplicates: number
  rejected: number
}

async function postBatch(url: string, key: string, body: Uint8Array<ArrayBuffer>): Promise<{ accepted: number; duplicates: number; rejected: unknown[]; rejected_count: number }> {
  const response = await fetch(`${url}/api/v1/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/x-ndjson' },
    body,
  })
  const text = await response.text()
  if (response.status !== 200 && response.status !== 207) {
    throw new Error(`POST /api/v1/events answered ${response.status}: ${text.slice(0, 500)}`)
  }
  return JSON.parse(text)
}

/** Posts the batches with `concurrency` requests in flight; times each and the whole run. */
async function postBatches(server: RunningServer, key: string, batches: Uint8Array<ArrayBuffer>[], concurrency: number, events: number, log: (m: string) => void): Promise<HttpRun> {
  const run: HttpRun = { elapsedMs: 0, serverCpuMsPerBatch: null, serverRssMbMax: null, latenciesMs: [], accepted: 0, duplicates: 0, rejected: 0 }
  const url = server.url
  const cpuBefore = server.cpuMs()
  const sampleRss = () => {
    const rss = server.rssMb()
    if (rss !== null) run.serverRssMbMax = Math.max(run.serverRssMbMax ?? 0, rss)
  }
  let next = 0
  let posted = 0
  let lastLog = Date.now()
  const started = performance.now()
  const worker = async () => {
    while (next < batches.length) {
      const body = batches[next++]
      const t0 = performance.now()
      const summary = await postBatch(url, key, body)
      run.latenciesMs.push(performance.now() - t0)
      run.accepted += summary.accepted
      run.duplicates += summary.duplicates
      run.rejected += summary.rejected_count
      sampleRss()
      posted += summary.accepted + summary.duplicates + summary.rejected_count
      if (Date.now() - lastLog >= PROGRESS_INTERVAL_MS) {
        lastLog = Date.now()
        const rate = perSecond(posted, performance.now() - started) ?? 0
        log(`posted ${posted.toLocaleString('en-US')} / ${events.toLocaleString('en-US')} events (${rate.toLocaleString('en-US')} events/s)`)
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, batches.length) }, worker))
  run.elapsedMs = performance.now() - started
  const cpuAfter = server.cpuMs()
  if (cpuBefore !== null && cpuAfter !== null) run.serverCpuMsPerBatch = Math.round((cpuAfter - cpuBefore) / batches.length)
  return run
}

const TABLE_OF = { prediction: 'predictions', review: 'reviews', outcome: 'outcomes' } as const
const Count = z.object({ n: z.number() })

async function countRows(table: string): Promise<number> {
  const [row] = await queryRows(getClickHouse(), { query: `SELECT count() AS n FROM ${table}`, schema: Count, tag: 'bench:count' })
  return row.n
}

/**
 * The raw engine insert of the same rows: what `insertEvents` writes, as JSONEachRow in the same
 * batches, into scratch copies of the tables, without validation or de-duplication.
 */
async function measureRawInsert(batches: Uint8Array[]): Promise<{ elapsedMs: number; rows: number }> {
  // Rows are prepared before the clock starts: only the engine insert is timed.
  const prepared = batches.map((body) => {
    const byTable: Record<keyof typeof TABLE_OF, Record<string, unknown>[]> = { prediction: [], review: [], outcome: [] }
    for (const { event } of validateValues(decodeNdjson(body)).events) byTable[event.type].push((event as StoredEvent).row as unknown as Record<string, unknown>)
    return byTable
  })
  const ch = getClickHouse()
  for (const table of Object.values(TABLE_OF)) {
    await runCommand(ch, `DROP TABLE IF EXISTS bench_${table}`, 'bench:drop')
    await runCommand(ch, `CREATE TABLE bench_${table} AS ${table}`, 'bench:create')
  }
  const started = performance.now()
  for (const byTable of prepared) {
    for (const type of Object.keys(TABLE_OF) as Array<keyof typeof TABLE_OF>) {
      await insertRows(ch, `bench_${TABLE_OF[type]}`, byTable[type], 'bench:raw_insert')
    }
  }
  const elapsedMs = performance.now() - started
  let rows = 0
  for (const table of Object.values(TABLE_OF)) {
    rows += await countRows(`bench_${table}`)
    await runCommand(ch, `DROP TABLE bench_${table}`, 'bench:drop')
  }
  return { elapsedMs, rows }
}

/**
 * HTTP ingest against a real server on a fresh data dir, next to the raw engine insert of the
 * same rows in the same run. The CLI cannot open a data dir the server holds, so: prepare the
 * stores in-process and close them; run the server; stop it; reopen the dir for the raw insert.
 */
export async function runIngestBench(options: IngestBenchOptions): Promise<IngestBenchResult> {
  const { log, batchSize } = options
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'oversight-bench-'))
  const cleanup = async () => {
    await Promise.allSettled([closeClickHouse(), closeDb()])
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
  const unregister = registerCleanup(cleanup)
  try {
    process.env.OVERSIGHT_DATA_DIR = dataDir
    log(`fresh data dir ${dataDir}: migrating and creating an ingest key`)
    await migrateClickHouse(getClickHouse())
    const { key } = await createApiKey(await getDb(), { scope: 'ingest', name: 'oversight bench' })
    await closeClickHouse()
    await closeDb()

    log(`generating ${options.events.toLocaleString('en-US')} events in NDJSON batches of ${batchSize.toLocaleString('en-US')}`)
    const batches = toNdjsonBatches(generateBenchEvents(options.events), batchSize)
    const warmup = toNdjsonBatches(generateBenchEvents(WARMUP_EVENTS, WARMUP_SEED), batchSize)
    const megabytes = batches.reduce((sum, b) => sum + b.length, 0) / 1024 / 1024
    log(`${batches.length} batches, ${megabytes.toFixed(1)} MB of NDJSON`)

    await ensureProductionBuild(log)
    const server = await startServer({
      OVERSIGHT_DATA_DIR: dataDir,
      OVERSIGHT_DEMO: 'off',
      OVERSIGHT_ADMIN_PASSWORD: randomBytes(18).toString('base64url'),
    })
    let http: HttpRun
    try {
      log(`server ${server.url} (pid ${server.pid}) ready; warming up with ${WARMUP_EVENTS.toLocaleString('en-US')} events`)
      for (const body of warmup) await postBatch(server.url, key, body)
      log(`posting with ${options.concurrency} request(s) in flight`)
      http = await postBatches(server, key, batches, options.concurrency, options.events, log)
    } finally {
      log('stopping the server')
      await server.stop()
    }

    log('raw engine insert of the same rows (in-process, scratch tables)')
    const raw = await measureRawInsert(batches)
    if (raw.rows !== options.events) log(`warning: the raw insert stored ${raw.rows} rows, expected ${options.events}`)
    let stored = 0
    for (const table of Object.values(TABLE_OF)) stored += await countRows(table)

    const httpRate = perSecond(options.events, http.elapsedMs)
    const rawRate = perSecond(raw.rows, raw.elapsedMs)
    const toRaw = ratio(httpRate, rawRate)
    if (http.accepted !== options.events) log(`warning: the server accepted ${http.accepted} of ${options.events} events`)
    return {
      events: options.events,
      batch_size: batchSize,
      concurrency: options.concurrency,
      http_events_per_s: httpRate,
      raw_insert_events_per_s: rawRate,
      ratio_to_raw: toRaw,
      batch_latency_ms: latencySummary(http.latenciesMs),
      server_cpu_ms_per_batch: http.serverCpuMsPerBatch,
      server_rss_mb_max: http.serverRssMbMax,
      target_events_per_s: INGEST_TARGET_EVENTS_PER_S,
      target_ratio_to_raw: INGEST_TARGET_RATIO_TO_RAW,
      meets_target:
        http.accepted === options.events && (httpRate ?? 0) >= INGEST_TARGET_EVENTS_PER_S && (toRaw ?? 0) >= INGEST_TARGET_RATIO_TO_RAW,
      http_seconds: Math.round(http.elapsedMs) / 1000,
      raw_insert_seconds: Math.round(raw.elapsedMs) / 1000,
      warmup_events: WARMUP_EVENTS,
      server: { accepted: http.accepted, duplicates: http.duplicates, rejected: http.rejected },
      stored_events: stored,
      load_average_1m: Math.round(os.loadavg()[0] * 100) / 100,
    }
  } finally {
    unregister()
    await cleanup()
  }
}
