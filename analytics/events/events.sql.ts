// Tables: predictions, reviews, outcomes (one row per accepted event), event_ids (one row per
// event_id ever accepted, written by views on the other three). The facts that metrics read are derived from these (analytics/facts).
import { z } from 'zod'
import { insertRows, queryRows, type ClickHouse } from '@/lib/clickhouse'
import { EVENT_TYPES, type EventType, type StoredEvent } from './events.schema'
import { serialised } from '@/analytics/shared/serialised'
import { markIngested } from '@/analytics/facts/facts'

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

export interface InsertOptions {
  /** Skip the membership lookup when the caller knows every id is new (the demo seed on an empty store). */
  assumeNew?: boolean
}

const TABLES = { prediction: 'predictions', review: 'reviews', outcome: 'outcomes' } as const satisfies Record<EventType, string>

/**
 * Stores valid events exactly once: ids seen before (or earlier in the batch) count as duplicates.
 * Each table's insert also records its ids in event_ids (materialized views, migration 0007). A
 * failure on the way can only let a retry write a row again (collapsed by ReplacingMergeTree),
 * never lose an acknowledged one. Writes take turns (serialised): the id lookup and the inserts of
 * one batch, then the next.
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
    const rows: Record<EventType, object[]> = { prediction: [], review: [], outcome: [] }
    let accepted = 0
    for (const event of unique) {
      if (existing.has(event.row.event_id)) continue
      rows[event.type].push(event.row)
      accepted++
    }
    // Before the writes: a write that fails half way still leaves the facts to be refreshed.
    if (accepted > 0) markIngested(ch)
    for (const type of EVENT_TYPES) await insertRows(ch, TABLES[type], rows[type], `events:insert_${TABLES[type]}`)
    return { accepted, duplicates: events.length - accepted }
  })
}
