import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { closeClickHouse, getClickHouse, insertRows } from '@/lib/clickhouse'
import { migrateClickHouse } from '@/db/clickhouse/migrate'
import { decodeNdjson, validateValues } from '@/analytics/events/events.parse'
import { fetchExistingEventIds } from '@/analytics/events/events.sql'
import { generateBenchEvents, toNdjsonBatches } from './bench-events'
import { latencySummary, perSecond } from './bench-stats'
import { registerCleanup } from './cleanup'

/**
 * Where an ingest request's time goes, stage by stage, in-process on a fresh data dir: the steps
 * of POST /api/v1/events (decode, validate, id lookup, row inserts with their ids) run one after the
 * other on each batch, timed apart. Wall time and process CPU (the JS thread plus chDB's threads,
 * background merges included) per batch, as medians. No HTTP: compare with the `ingest` figures.
 */
export interface IngestProfileOptions {
  events: number
  batchSize: number
  log: (message: string) => void
}

const STAGES = ['json_parse', 'validate', 'id_lookup', 'insert_rows'] as const
type Stage = (typeof STAGES)[number]

const TABLE_OF = { prediction: 'predictions', review: 'reviews', outcome: 'outcomes' } as const

function cpuMs(): number {
  const { user, system } = process.cpuUsage()
  return (user + system) / 1000
}

export async function runIngestProfile(options: IngestProfileOptions) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'oversight-bench-profile-'))
  const cleanup = async () => {
    await closeClickHouse()
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
  const unregister = registerCleanup(cleanup)
  try {
    process.env.OVERSIGHT_DATA_DIR = dataDir
    const ch = getClickHouse()
    await migrateClickHouse(ch)
    const batches = toNdjsonBatches(generateBenchEvents(options.events), options.batchSize)
    options.log(`profiling ${batches.length} batches of ${options.batchSize.toLocaleString('en-US')} events, stage by stage`)
    const wall: Record<Stage, number[]> = { json_parse: [], validate: [], id_lookup: [], insert_rows: [] }
    const cpu: Record<Stage, number[]> = { json_parse: [], validate: [], id_lookup: [], insert_rows: [] }
    const timed = async <T>(stage: Stage, task: () => T | Promise<T>): Promise<T> => {
      const c0 = cpuMs()
      const t0 = performance.now()
      const result = await task()
      wall[stage].push(performance.now() - t0)
      cpu[stage].push(cpuMs() - c0)
      return result
    }
    const started = performance.now()
    for (const body of batches) {
      // The steps of insertEvents, apart (every id is new here, as in the `ingest` benchmark).
      const lines = await timed('json_parse', () => decodeNdjson(body))
      const batch = await timed('validate', () => validateValues(lines))
      const events = batch.events.map((e) => e.event)
      await timed('id_lookup', () => fetchExistingEventIds(ch, events.map((e) => e.row.event_id)))
      await timed('insert_rows', async () => {
        for (const type of Object.keys(TABLE_OF) as Array<keyof typeof TABLE_OF>) {
          const rows = events.filter((e) => e.type === type).map((e) => e.row as unknown as Record<string, unknown>)
          await insertRows(ch, TABLE_OF[type], rows, `events:insert_${TABLE_OF[type]}`)
        }
      })
    }
    const elapsed = performance.now() - started
    const stages = Object.fromEntries(
      STAGES.map((stage) => [stage, { wall_ms_p50: latencySummary(wall[stage]).p50, cpu_ms_p50: latencySummary(cpu[stage]).p50 }]),
    )
    return {
      events: options.events,
      batch_size: options.batchSize,
      stages_per_batch: stages,
      sequential_events_per_s: perSecond(options.events, elapsed),
      load_average_1m: Math.round(os.loadavg()[0] * 100) / 100,
    }
  } finally {
    unregister()
    await cleanup()
  }
}
