// Tables: predictions, reviews, outcomes (one row per accepted event), event_ids (one row per
// event_id ever accepted), prediction_heads / review_heads (one row per item, or per item and
// reviewer: the latest event) and superseded_predictions / superseded_reviews (events that lost it).
import { z } from 'zod'
import { insertRows, queryRows, runCommand, type ClickHouse } from '@/lib/clickhouse'
import type { OutcomeRow, PredictionRow, ReviewRow, StoredEvent } from './events.schema'
import { formatTimestamp } from '@/analytics/shared/time'
import { computeHeadChanges, type HeadCandidate } from './heads.compute'

const ExistingIdRow = z.object({ event_id: z.string() })

/** Ids per membership lookup: 5,000 keys take ~50 ms in EmbeddedRocksDB. */
const LOOKUP_CHUNK = 5_000

export async function fetchExistingEventIds(ch: ClickHouse, ids: string[]): Promise<Set<string>> {
  const existing = new Set<string>()
  for (let i = 0; i < ids.length; i += LOOKUP_CHUNK) {
    const rows = await queryRows(ch, {
      query: 'SELECT event_id FROM event_ids WHERE event_id IN {ids:Array(String)}',
      params: { ids: ids.slice(i, i + LOOKUP_CHUNK) },
      schema: ExistingIdRow,
      tag: 'events:existing_ids',
    })
    for (const row of rows) existing.add(row.event_id)
  }
  return existing
}

const HeadRow = z.object({ head_key: z.string(), ts: z.string(), event_id: z.string() })

/** Separates the parts of a head key; a control character never found in ids in practice. */
const KEY_SEPARATOR = '\u001f'

const HEAD_TABLES = {
  prediction: { heads: 'prediction_heads', superseded: 'superseded_predictions' },
  review: { heads: 'review_heads', superseded: 'superseded_reviews' },
} as const

/** Stored heads for the given keys (point lookups in EmbeddedRocksDB). */
async function fetchHeads(ch: ClickHouse, table: string, keys: string[]): Promise<Map<string, HeadCandidate>> {
  const heads = new Map<string, HeadCandidate>()
  for (let i = 0; i < keys.length; i += LOOKUP_CHUNK) {
    const rows = await queryRows(ch, {
      query: `SELECT head_key, toString(ts) AS ts, event_id FROM ${table} WHERE head_key IN {keys:Array(String)}`,
      params: { keys: keys.slice(i, i + LOOKUP_CHUNK) },
      schema: HeadRow,
      tag: `events:${table}`,
    })
    for (const row of rows) heads.set(row.head_key, { key: row.head_key, ts: row.ts, event_id: row.event_id })
  }
  return heads
}

/**
 * Records which events stay the latest of their item (or of their reviewer's reviews of an item)
 * and which are superseded. Superseded rows go first: should the heads write fail, a retry
 * recomputes the same changes from the unchanged heads.
 */
async function updateHeads(
  ch: ClickHouse,
  kind: keyof typeof HEAD_TABLES,
  rows: ReadonlyArray<{ model: string; item_id: string; ts: string; event_id: string; reviewer_id?: string }>,
): Promise<void> {
  if (rows.length === 0) return
  const tables = HEAD_TABLES[kind]
  const located = new Map<string, { model: string; item_id: string }>()
  const batch = rows.map((row) => {
    const parts = kind === 'review' ? [row.model, row.item_id, row.reviewer_id ?? ''] : [row.model, row.item_id]
    const key = parts.join(KEY_SEPARATOR)
    located.set(row.event_id, { model: row.model, item_id: row.item_id })
    return { key, ts: row.ts, event_id: row.event_id }
  })
  const stored = await fetchHeads(ch, tables.heads, [...new Set(batch.map((c) => c.key))])
  for (const head of stored.values()) {
    const [model, item_id] = head.key.split(KEY_SEPARATOR)
    located.set(head.event_id, { model, item_id })
  }
  const changes = computeHeadChanges(stored, batch)
  await insertRows(
    ch,
    tables.superseded,
    changes.superseded.map((c) => ({ ...located.get(c.event_id)!, event_id: c.event_id, ts: c.ts })),
    `events:${tables.superseded}`,
  )
  await insertRows(ch, tables.heads, changes.heads.map((c) => ({ head_key: c.key, ts: c.ts, event_id: c.event_id })), `events:${tables.heads}`)
}

// Ingest batches are serialised within the process, so that two concurrent requests carrying the
// same event_id cannot both pass the membership check.
let ingestQueue: Promise<unknown> = Promise.resolve()
function serialised<T>(task: () => Promise<T>): Promise<T> {
  const run = ingestQueue.then(task, task)
  ingestQueue = run.catch(() => undefined)
  return run
}

export interface InsertOptions {
  /** Skip the membership lookup when the caller knows every id is new (the demo seed on an empty store). */
  assumeNew?: boolean
  /** Leave the heads to one `rebuildHeads` at the end (a bulk load into an empty store). */
  deferHeads?: boolean
}

/**
 * Recomputes every head and superseded event in the engine, in one pass per table: after a bulk
 * load with `deferHeads` (a head row is an upsert and a repeated superseded row changes no result,
 * so running it twice is harmless).
 */
export async function rebuildHeads(ch: ClickHouse): Promise<void> {
  const sep = 'char(31)'
  await runCommand(
    ch,
    `INSERT INTO prediction_heads
     SELECT concat(model, ${sep}, item_id), max(ts), argMax(event_id, tuple(ts, event_id)) FROM predictions GROUP BY model, item_id`,
    'events:rebuild_prediction_heads',
  )
  await runCommand(
    ch,
    `INSERT INTO superseded_predictions
     SELECT model, item_id, event_id, ts FROM predictions WHERE event_id NOT IN (SELECT event_id FROM prediction_heads)`,
    'events:rebuild_superseded_predictions',
  )
  await runCommand(
    ch,
    `INSERT INTO review_heads
     SELECT concat(model, ${sep}, item_id, ${sep}, reviewer_id), max(ts), argMax(event_id, tuple(ts, event_id)) FROM reviews GROUP BY model, item_id, reviewer_id`,
    'events:rebuild_review_heads',
  )
  await runCommand(
    ch,
    `INSERT INTO superseded_reviews
     SELECT model, item_id, event_id, ts FROM reviews WHERE event_id NOT IN (SELECT event_id FROM review_heads)`,
    'events:rebuild_superseded_reviews',
  )
}

/**
 * Stores valid events exactly once: ids seen before (or earlier in the batch) count as duplicates.
 * Rows are written first, then the heads, then the ids: a failure on the way can only let a retry
 * write a row again (collapsed by ReplacingMergeTree), never lose an acknowledged one.
 */
export function insertEvents(ch: ClickHouse, events: StoredEvent[], options: InsertOptions = {}): Promise<{ accepted: number; duplicates: number }> {
  return serialised(async () => {
    const seen = new Set<string>()
    const unique: StoredEvent[] = []
    for (const event of events) {
      if (seen.has(event.row.event_id)) continue
      seen.add(event.row.event_id)
      unique.push(event)
    }
    const existing = options.assumeNew ? new Set<string>() : await fetchExistingEventIds(ch, [...seen])
    const fresh = unique.filter((event) => !existing.has(event.row.event_id))
    const predictions: PredictionRow[] = []
    const reviews: ReviewRow[] = []
    const outcomes: OutcomeRow[] = []
    for (const event of fresh) {
      if (event.type === 'prediction') predictions.push(event.row)
      else if (event.type === 'review') reviews.push(event.row)
      else outcomes.push(event.row)
    }
    await insertRows(ch, 'predictions', predictions as unknown as Record<string, unknown>[], 'events:insert_predictions')
    await insertRows(ch, 'reviews', reviews as unknown as Record<string, unknown>[], 'events:insert_reviews')
    await insertRows(ch, 'outcomes', outcomes as unknown as Record<string, unknown>[], 'events:insert_outcomes')
    if (!options.deferHeads) {
      await updateHeads(ch, 'prediction', predictions)
      await updateHeads(ch, 'review', reviews)
    }
    const now = formatTimestamp(Date.now())
    await insertRows(
      ch,
      'event_ids',
      fresh.map((event) => ({ event_id: event.row.event_id, type: event.type, ingested_at: now })),
      'events:insert_ids',
    )
    return { accepted: fresh.length, duplicates: events.length - fresh.length }
  })
}
