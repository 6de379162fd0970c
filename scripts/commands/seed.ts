import { z } from 'zod'
import { getClickHouse, queryRows } from '@/lib/clickhouse'
import { migrateClickHouse } from '@/db/clickhouse/migrate'
import { validateEvent } from '@/analytics/events/events.parse'
import { insertEvents } from '@/analytics/events/events.sql'
import { rebuildFacts } from '@/analytics/facts/facts'
import type { StoredEvent } from '@/analytics/events/events.schema'
import { MS_PER_HOUR } from '@/analytics/shared/time'
import { estimateDemoSize, generateDemo } from '../seed/demo-scenario'
import { demoCapacity } from '../seed/demo-capacity'
import { getDb } from '@/lib/db'
import { SYSTEM_ACTOR } from '@/lib/audit/change-log'
import { listCapacity, replaceCapacity } from '@/lib/capacity/capacity'
import { Progress } from '../progress'
import { parseCommandArgs, printJson, UsageError, type Command } from '../cli-args'

export interface SeedOptions {
  days: number
  scale: number
  seed: number
}

export const DEFAULT_SEED_OPTIONS: SeedOptions = { days: 30, scale: 1, seed: 42 }

/** Events per insert: each chDB insert has a fixed cost of tens of ms, so the seed writes large blocks. */
const SEED_INSERT_BATCH = 100_000

const CountRow = z.object({ n: z.number() })

/** True when no prediction has been stored yet. */
export async function isStoreEmpty(): Promise<boolean> {
  const rows = await queryRows(getClickHouse(), { query: 'SELECT count() AS n FROM predictions', schema: CountRow, tag: 'seed:count' })
  return (rows[0]?.n ?? 0) === 0
}

/**
 * Generates the demo scenario ending at the current hour and stores it through the ingest path
 * (same validation, same de-duplication: the generator's event ids are deterministic).
 */
export async function seedDemo(options: SeedOptions, now = Date.now()) {
  const ch = getClickHouse()
  await migrateClickHouse(ch)
  const assumeNew = await isStoreEmpty()
  const demo = { ...options, end: Math.floor(now / MS_PER_HOUR) * MS_PER_HOUR }
  const progress = new Progress('seed demo', estimateDemoSize(demo).predictions, 'predictions')
  const totals = { events: 0, predictions: 0, accepted: 0, duplicates: 0 }
  const started = Date.now()
  let pending: StoredEvent[] = []
  const flush = async () => {
    const { accepted, duplicates } = await insertEvents(ch, pending, { assumeNew })
    totals.events += pending.length
    totals.accepted += accepted
    totals.duplicates += duplicates
    pending = []
    progress.update(totals.predictions)
  }
  for (const batch of generateDemo(demo)) {
    for (const raw of batch) {
      const result = validateEvent(raw)
      if ('error' in result) throw new Error(`the demo generator produced an invalid event (${result.error})`)
      pending.push(result.event)
      if (raw.type === 'prediction') totals.predictions++
    }
    if (pending.length >= SEED_INSERT_BATCH) await flush()
  }
  if (pending.length > 0) await flush()
  // The facts the metrics read, in one pass over the whole store (cheaper than per batch).
  await rebuildFacts(ch)
  // The team's capacity, so that the Workload page can plan staffing: only where none is configured.
  const db = await getDb()
  if ((await listCapacity(db)).length === 0) await replaceCapacity(db, demoCapacity(options.scale), SYSTEM_ACTOR)
  progress.done(totals.predictions)
  return { scenario: 'demo', ...options, ...totals, seconds: (Date.now() - started) / 1000 }
}

const positive = (flag: string, value: string | undefined, fallback: number, integer: boolean) => {
  if (value === undefined) return fallback
  const n = Number(value)
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) {
    throw new UsageError(`--${flag} must be a positive ${integer ? 'integer' : 'number'}, got "${value}"`)
  }
  return n
}

/** `oversight seed [--scenario demo] [--days N] [--scale N] [--seed N]`. */
export const seedCommand: Command = async (argv) => {
  const { values } = parseCommandArgs(argv, {
    scenario: { type: 'string', default: 'demo' },
    days: { type: 'string' },
    scale: { type: 'string' },
    seed: { type: 'string' },
  })
  if (values.scenario !== 'demo') throw new UsageError(`--scenario: unknown scenario "${values.scenario}" (available: demo)`)
  const options: SeedOptions = {
    days: positive('days', values.days, DEFAULT_SEED_OPTIONS.days, true),
    scale: positive('scale', values.scale, DEFAULT_SEED_OPTIONS.scale, false),
    seed: positive('seed', values.seed, DEFAULT_SEED_OPTIONS.seed, true),
  }
  printJson(await seedDemo(options))
  return 0
}
