// Tables: item_facts (read: the benchmark data's recent escalated items); predictions, reviews,
// outcomes (written through the ingest path). Rows: live batches of events after the bulk load, so
// that the metrics are also timed as a store under ingest has them: recent parts not yet merged,
// and sign rows that a refresh left for merges to cancel.
import { z } from 'zod'
import { queryRows, type ClickHouse } from '@/lib/clickhouse'
import { formatTimestamp, MS_PER_DAY } from '@/analytics/shared/time'
import { validateValues } from '@/analytics/events/events.parse'
import { ingestBatch } from '@/analytics/events/ingest'
import { ensureFactsFresh } from '@/analytics/facts/facts'
import { Prng } from '@/scripts/seed/prng'
import { BENCH_MODELS } from './metrics-data'

export interface RecentItem {
  model: string
  item_id: string
}

/** Shares of a live batch: mostly new predictions, then reviews and outcomes of recent items. */
const PREDICTION_SHARE = 0.7
const REVIEW_SHARE = 0.2
/** The benchmark data's labels, segments, versions and reviewers (metrics-data.ts). */
const LABELS = ['approve', 'reject', 'hold', 'fraud'] as const
const SEGMENTS = ['eu', 'us', 'apac'] as const
const VERSIONS = ['v1', 'v2'] as const
const REVIEWERS = 300
/** Reviews and outcomes concern items predicted in the last RECENT_DAYS days, as in production. */
const RECENT_DAYS = 2
const RECENT_ITEMS_LIMIT = 50_000

/**
 * One live batch in the wire format of POST /api/v1/events (pure): events in the last day before
 * `end`, reviews and outcomes of `recent` items (none when there are none).
 */
export function generateLiveBatch(recent: readonly RecentItem[], batch: number, size: number, end: number, seed = 17): object[] {
  const rng = new Prng(seed * 1_000 + batch)
  const events: object[] = []
  for (let i = 0; i < size; i++) {
    const ts = new Date(end - MS_PER_DAY + rng.int(MS_PER_DAY - 1)).toISOString()
    const roll = rng.next()
    const event_id = `live-${batch}-${i}`
    if (roll < PREDICTION_SHARE || recent.length === 0) {
      const escalated = rng.next() < 0.2
      events.push({
        type: 'prediction',
        event_id,
        ts,
        model: BENCH_MODELS[rng.int(BENCH_MODELS.length)],
        model_version: VERSIONS[rng.int(VERSIONS.length)],
        segment: SEGMENTS[rng.int(SEGMENTS.length)],
        item_id: event_id,
        predicted_label: LABELS[rng.int(LABELS.length)],
        confidence: escalated ? 0.3 + 0.5 * rng.next() : 0.8 + 0.2 * rng.next(),
        route: escalated ? 'review' : 'auto',
        propensity: escalated ? 1 : 0.05,
      })
      continue
    }
    const item = recent[rng.int(recent.length)]
    if (roll < PREDICTION_SHARE + REVIEW_SHARE) {
      events.push({
        type: 'review',
        event_id,
        ts,
        model: item.model,
        item_id: item.item_id,
        reviewer_id: `rev-${rng.int(REVIEWERS)}`,
        label: LABELS[rng.int(LABELS.length)],
        duration_ms: 5_000 + rng.int(300_000),
        queue: rng.next() < 0.5 ? 'default' : 'priority',
      })
    } else {
      events.push({ type: 'outcome', event_id, ts, model: item.model, item_id: item.item_id, true_label: LABELS[rng.int(LABELS.length)], source: 'gold' })
    }
  }
  return events
}

const RecentItemRow = z.object({ model: z.string(), item_id: z.string() })

/** Escalated items predicted in the last RECENT_DAYS days before `end`. */
export function fetchRecentItems(ch: ClickHouse, end: number): Promise<RecentItem[]> {
  return queryRows(ch, {
    tag: 'bench:recent_items',
    schema: RecentItemRow,
    params: { from: formatTimestamp(end - RECENT_DAYS * MS_PER_DAY), limit: RECENT_ITEMS_LIMIT },
    query: `SELECT toString(model) AS model, item_id FROM item_facts
            WHERE ts >= {from:DateTime64(3, 'UTC')} AND route != 'auto' AND sign = 1
            ORDER BY item_hash LIMIT {limit:UInt32}`,
  })
}

export interface LiveIngestResult {
  batches: number
  events_per_batch: number
  /** Per batch: the ingest call, and the facts refresh that the next metric query would wait for. */
  ingest_ms: number[]
  refresh_ms: number[]
}

/** Ingests `batches` live batches as the API does, each followed by the facts refresh, timed apart. */
export async function ingestLiveBatches(ch: ClickHouse, options: { batches: number; size: number; end: number; log: (m: string) => void }): Promise<LiveIngestResult> {
  const recent = await fetchRecentItems(ch, options.end)
  const result: LiveIngestResult = { batches: options.batches, events_per_batch: options.size, ingest_ms: [], refresh_ms: [] }
  for (let b = 0; b < options.batches; b++) {
    const events = generateLiveBatch(recent, b, options.size, options.end)
    const t0 = performance.now()
    const summary = await ingestBatch(ch, validateValues(events.map((value) => ({ value }))))
    const t1 = performance.now()
    await ensureFactsFresh(ch)
    const t2 = performance.now()
    if (summary.accepted !== events.length) throw new Error(`live batch ${b}: ${summary.accepted} of ${events.length} events accepted`)
    result.ingest_ms.push(Math.round(t1 - t0))
    result.refresh_ms.push(Math.round(t2 - t1))
    options.log(`live batch ${b + 1}/${options.batches}: ingest ${Math.round(t1 - t0)} ms, facts refresh ${Math.round(t2 - t1)} ms`)
  }
  return result
}
