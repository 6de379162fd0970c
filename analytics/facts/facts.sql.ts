// Tables: predictions, reviews, outcomes (read: every event of the items concerned, at any time),
// item_facts, review_facts (written: sign rows; their rollups and review_durations follow by
// views), facts_progress. See db/clickhouse/0003_facts.sql to 0010.
//
// The one place where SPEC §2's "latest" and SPEC §3's reference labels and weights are applied:
// - an item's prediction is its latest prediction event overall (by RECENCY);
// - a reviewer's review of an item is their latest review of it overall;
// - the reference label is the item's latest outcome, else the majority of its reviewers' latest
//   reviews (labels.sql.ts), from every event of the item whatever its ts.
// A metric then filters these current facts by range (a prediction by its ts, a review by its own).
//
// Refresh: the items with an event ingested since the last refresh are "touched"; their events are
// copied into scratch tables, their current rows are written again with sign -1 and their rows
// recomputed from the copies with sign +1, then the progress mark moves. A refresh cut short
// leaves the mark where it was, and the next one retracts only what is there (rows whose signs
// sum to 1), so running it again is always right. Metric reads wait for it (facts.ts).
import { z } from 'zod'
import { isEmbeddedClickHouse, queryRows, runCommand, type ClickHouse } from '@/lib/clickhouse'
import { getEnv } from '@/lib/env'
import { formatTimestamp } from '@/analytics/shared/time'
import { ITEM_HASH, ITEM_KEY, latestRows } from '@/analytics/shared/filters.sql'
import { goldLabelsCte, LABEL_COLUMNS, referenceLabelsCte } from '@/analytics/shared/labels.sql'

export const ITEM_FACT_COLUMNS = [
  'model',
  'item_id',
  'item_hash',
  'ts',
  'model_version',
  'segment',
  'route',
  'predicted_label',
  'confidence',
  'propensity',
  'has_label',
  'reference_label',
  'labeled',
  'weight',
  'correct',
  'zero_propensity',
  'first_review_ts',
  'first_review_start_ts',
  'first_review_handle_ms',
  'first_review_queue',
  'first_review_reviewer',
] as const

export const REVIEW_FACT_COLUMNS = [
  'model',
  'item_id',
  'item_hash',
  'reviewer_id',
  'ts',
  'queue',
  'label',
  'duration_ms',
  'has_prediction',
  'model_label',
  'model_version',
  'segment',
  'has_gold',
  'gold_label',
  'item_reviewers',
  'item_first_ts',
  'item_last_ts',
  'has_majority',
  'agrees_with_majority',
  'unit_labels',
  'item_queues',
] as const

const EVENT_TABLES = ['predictions', 'reviews', 'outcomes'] as const

/** The facts and the tables kept from them by materialized views (rollups, review_durations). */
const FACT_TABLES = [
  'item_facts',
  'review_facts',
  'item_facts_daily',
  'item_closes_daily',
  'review_facts_daily',
  'review_units_daily',
  'unit_patterns_daily',
  'review_durations',
  'escalation_facts',
  'threshold_cells_daily',
] as const

/** A rebuild of 10M items takes tens of seconds: over the interactive query limit, as a maintenance job may. */
const REFRESH_SETTINGS = { max_execution_time: 600 }

/**
 * Which items a refresh recomputes: every item (in `chunks` slices by item_hash, this one being
 * `chunk`), or those with an event ingested at or after `since`.
 */
export type RefreshScope = { all: true; chunk: number; chunks: number } | { since: string }

/**
 * Items per slice of a full rebuild: its GROUP BYs hold one slice at a time (10M items at once
 * peaked at 2.6 GB RSS; in slices of 2M, 1.55 GB; of 1M, 1.18 GB, and 1.32 GB once the review
 * facts fed four views; of 750k, 1.12 GB in 92 s, against the SPEC's 1.5 GB).
 */
const REBUILD_CHUNK_ITEMS = 750_000

/** ITEM_HASHes of the items with an event ingested at or after {since}. */
const TOUCHED_ITEM_HASHES = EVENT_TABLES.map(
  (table) => `SELECT ${ITEM_HASH} FROM ${table} WHERE ingested_at >= {since:DateTime64(3, 'UTC')}`,
).join(' UNION ALL ')

/** The copies of the touched items' events a partial refresh reads (migration 0012). */
const TOUCHED_COPY = { predictions: 'facts_touched_predictions', reviews: 'facts_touched_reviews', outcomes: 'facts_touched_outcomes' } as const
const TOUCHED_ITEMS = 'SELECT item_hash FROM facts_touched_items'

/**
 * The copies are Memory tables of the node this process talks to: over the Distributed tables of
 * a cluster, a query must send them to the shards as sets (GLOBAL IN) rather than read each shard's
 * own, empty, copies. On a single node plain IN: GLOBAL IN measured ~4× slower in chDB there.
 */
function inCopies(): string {
  return getEnv().clickhouseCluster ? 'GLOBAL IN' : 'IN'
}
/** The columns of each copy: what the facts are computed from. */
const COPIED_COLUMNS = {
  predictions: ['event_id', 'ts', 'model', 'model_version', 'segment', 'item_id', 'item_hash', 'predicted_label', 'confidence', 'route', 'propensity'],
  reviews: ['event_id', 'ts', 'model', 'item_id', 'item_hash', 'reviewer_id', 'label', 'started_at', 'duration_ms', 'queue'],
  outcomes: ['event_id', 'ts', 'model', 'item_id', 'item_hash', 'true_label', 'source'],
} as const satisfies Record<(typeof EVENT_TABLES)[number], readonly string[]>

/**
 * Fills the copies for a partial refresh: the touched items, then every event of theirs, each
 * event table read once (the fact queries below read the copies as often as they need).
 */
async function copyTouchedEvents(ch: ClickHouse, scope: { since: string }): Promise<void> {
  for (const table of ['facts_touched_items', ...Object.values(TOUCHED_COPY)]) {
    await runCommand(ch, `TRUNCATE TABLE ${table}`, 'facts:touched_truncate')
  }
  await runCommand(ch, `INSERT INTO facts_touched_items SELECT DISTINCT item_hash FROM (${TOUCHED_ITEM_HASHES})`, 'facts:touched_items', scopeParams(scope), REFRESH_SETTINGS)
  for (const table of EVENT_TABLES) {
    const columns = COPIED_COLUMNS[table].join(', ')
    await runCommand(
      ch,
      `INSERT INTO ${TOUCHED_COPY[table]} (${columns}) SELECT ${columns} FROM ${table} WHERE ${ITEM_HASH} ${inCopies()} (${TOUCHED_ITEMS})`,
      `facts:touched_${table}`,
      undefined,
      REFRESH_SETTINGS,
    )
  }
}

/** Where a refresh reads an event table: itself (a full rebuild, by slice) or the touched items' copy. */
function source(scope: RefreshScope, table: (typeof EVENT_TABLES)[number]): string {
  return 'all' in scope ? table : TOUCHED_COPY[table]
}

/** `AND …` for the events of the items a refresh recomputes: a slice of a full one; none on the copies. */
function touched(scope: RefreshScope): string {
  return 'all' in scope && scope.chunks > 1 ? `AND ${ITEM_HASH} % {chunks:UInt64} = {chunk:UInt64}` : ''
}

/** `latestRows` over a slice of every item (most keys have one row), or `group` over the copies. */
function latestMode(scope: RefreshScope): 'split' | 'group' {
  return 'all' in scope ? 'split' : 'group'
}

function scopeParams(scope: RefreshScope): Record<string, unknown> {
  return 'all' in scope ? { chunk: scope.chunk, chunks: scope.chunks } : { since: scope.since }
}

/**
 * Writes the current rows of the touched items again with sign -1 (those whose signs sum to 1).
 * A fact's ts is the ts of one of its item's events (the latest prediction; the review), all of
 * which the copies hold: `(model, ts) IN` those narrows the read to the granules of the sort key
 * that can hold them (recent ones, mostly) instead of scanning every item_hash.
 */
async function retract(ch: ClickHouse, table: 'item_facts' | 'review_facts', columns: readonly string[], events: string): Promise<void> {
  const list = columns.join(', ')
  await runCommand(
    ch,
    `INSERT INTO ${table} (${list}, sign)
     SELECT ${list}, -1 FROM ${table}
     WHERE (model, ts) ${inCopies()} (SELECT model, ts FROM ${events}) AND item_hash ${inCopies()} (${TOUCHED_ITEMS})
     GROUP BY ${list}
     HAVING sum(sign) > 0`,
    `facts:retract_${table}`,
    undefined,
    REFRESH_SETTINGS,
  )
}

/** When a review started (SPEC §3.3): started_at, else ts − duration_ms, else ts. */
const REVIEW_START = "if(started_at IS NOT NULL, assumeNotNull(started_at), if(duration_ms IS NOT NULL, ts - toIntervalMillisecond(assumeNotNull(duration_ms)), ts))"

/** Each recomputed item's latest prediction, keyed by item_key. */
function latestPredictionsCte(scope: RefreshScope, also = ''): string {
  const rows = latestRows(
    source(scope, 'predictions'),
    `1 ${touched(scope)} ${also}`,
    ITEM_HASH,
    [
      { name: 'item_key', expr: ITEM_KEY, take: 'key' },
      { name: 'model', expr: 'model', take: 'same' },
      { name: 'item_id', expr: 'item_id', take: 'same' },
      { name: 'ts', expr: 'ts', take: 'max' },
      ...['model_version', 'segment', 'route', 'predicted_label', 'confidence', 'propensity'].map((name) => ({ name, expr: name, take: 'latest' as const })),
    ],
    latestMode(scope),
  )
  return `latest_predictions AS (${rows}
  )`
}

/** The label events a refresh reads (labels.sql.ts): a slice of every item, or the copies. */
function labelScope(scope: RefreshScope, itemHashesIn?: string) {
  return { condition: touched(scope), itemHashesIn, tables: { outcomes: source(scope, 'outcomes'), reviews: source(scope, 'reviews') }, mode: latestMode(scope) }
}

async function insertItemFacts(ch: ClickHouse, scope: RefreshScope): Promise<void> {
  await runCommand(
    ch,
    `INSERT INTO item_facts (${ITEM_FACT_COLUMNS.join(', ')}, sign)
     WITH ${latestPredictionsCte(scope)},
     ${referenceLabelsCte(labelScope(scope))},
     first_reviews AS (
       SELECT ${ITEM_KEY} AS item_key, toNullable(min(ts)) AS first_review_ts,
              -- The earliest review by ts (ties: the same hash order as RECENCY): when it started, its handle time, queue and reviewer.
              argMin(tuple(${REVIEW_START}, ifNull(toInt64(duration_ms), -1), queue, reviewer_id), tuple(ts, cityHash64(event_id))) AS first
       FROM ${source(scope, 'reviews')} WHERE 1 ${touched(scope)} GROUP BY item_key
     )
     SELECT model, item_id, cityHash64(model, item_id), ts, model_version, segment, route, predicted_label, confidence, propensity,
            has_label, reference_label, labeled, weight, correct, zero_propensity, first_review_ts,
            if(first_review_ts IS NULL, NULL, first.1), if(first_review_ts IS NULL, -1, first.2), first.3, first.4, 1
     FROM (
       SELECT p.model AS model, p.item_id AS item_id, p.ts AS ts, p.model_version AS model_version, p.segment AS segment,
              p.route AS route, p.predicted_label AS predicted_label, p.confidence AS confidence, p.propensity AS propensity,
              l.has_label AS has_label, l.unit_weight AS unit_weight, toString(l.reference_label) AS reference_label,
              ${LABEL_COLUMNS},
              f.first_review_ts AS first_review_ts, f.first AS first
       FROM latest_predictions AS p
       LEFT JOIN reference_labels AS l ON p.item_key = l.item_key
       LEFT JOIN first_reviews AS f ON p.item_key = f.item_key
     )
     SETTINGS join_use_nulls = 0`,
    'facts:insert_item_facts',
    scopeParams(scope),
    REFRESH_SETTINGS,
  )
}

async function insertReviewFacts(ch: ClickHouse, scope: RefreshScope): Promise<void> {
  const reviewed = `SELECT ${ITEM_HASH} FROM ${source(scope, 'reviews')} WHERE 1 ${touched(scope)}`
  const reviews = latestRows(source(scope, 'reviews'), `1 ${touched(scope)}`, 'cityHash64(model, item_id, reviewer_id)', [
    { name: 'item_key', expr: ITEM_KEY, take: 'key' },
    { name: 'reviewer_id', expr: 'reviewer_id', take: 'key' },
    { name: 'model', expr: 'model', take: 'same' },
    { name: 'item_id', expr: 'item_id', take: 'same' },
    { name: 'ts', expr: 'ts', take: 'max' },
    { name: 'queue', expr: 'queue', take: 'latest' },
    { name: 'label', expr: 'label', take: 'latest' },
    // argMax skips NULL arguments: a missing duration travels as -1, so that the latest review's
    // own duration counts, not the last one that had a duration.
    { name: 'duration_ms', expr: 'ifNull(toInt64(duration_ms), -1)', take: 'latest' },
  ], latestMode(scope))
  await runCommand(
    ch,
    `INSERT INTO review_facts (${REVIEW_FACT_COLUMNS.join(', ')}, sign)
     WITH latest_reviews AS (${reviews}
     ),
     ${latestPredictionsCte(scope, `AND ${ITEM_HASH} IN (${reviewed})`)},
     ${goldLabelsCte(labelScope(scope, reviewed))},
     item_reviews AS (
       SELECT item_key, toUInt32(count()) AS item_reviewers, min(ts) AS item_first_ts, max(ts) AS item_last_ts,
              groupArray(toString(label)) AS labels, min(toString(reviewer_id)) AS first_reviewer,
              toUInt32(uniqExact(queue)) AS item_queues
       FROM latest_reviews GROUP BY item_key
     )
     SELECT r.model, r.item_id, cityHash64(r.model, r.item_id), r.reviewer_id, r.ts, r.queue, r.label, r.duration_ms,
            p.item_key != '' AS has_prediction, p.predicted_label, p.model_version, p.segment,
            g.item_key != '' AS has_gold, g.gold_label, c.item_reviewers, c.item_first_ts, c.item_last_ts,
            -- The others hold each label l c_l − [l = own] times (SPEC 3.1: more than half of them).
            2 * arrayMax(arrayMap(l -> countEqual(c.labels, l) - (l = toString(r.label)), c.labels)) > c.item_reviewers - 1 AS has_majority,
            2 * (countEqual(c.labels, toString(r.label)) - 1) > c.item_reviewers - 1 AS agrees_with_majority,
            if(c.item_reviewers >= 2 AND toString(r.reviewer_id) = c.first_reviewer, arraySort(c.labels), []) AS unit_labels,
            c.item_queues,
            1
     FROM latest_reviews AS r
     LEFT JOIN latest_predictions AS p ON r.item_key = p.item_key
     LEFT JOIN gold_labels AS g ON r.item_key = g.item_key
     LEFT JOIN item_reviews AS c ON r.item_key = c.item_key
     SETTINGS join_use_nulls = 0`,
    'facts:insert_review_facts',
    scopeParams(scope),
    REFRESH_SETTINGS,
  )
}

const MarkRow = z.object({ ingested_before: z.string().nullable() })
const LatestIngestRow = z.object({ latest_ingest: z.string().nullable() })

/**
 * Where the facts stand: `ingested_before` (null before the first refresh) and the latest
 * ingested_at of the events a refresh would take up: those at or after the mark (less the
 * overlap), whose parts the minmax index on ingested_at finds without reading the others; every
 * event for `all` or without a mark. Null when there are none.
 */
export async function fetchFactsProgress(ch: ClickHouse, options: { all?: boolean } = {}): Promise<{ ingestedBefore: string | null; latestIngest: string | null }> {
  const [mark] = await queryRows(ch, {
    tag: 'facts:progress',
    schema: MarkRow,
    query: 'SELECT if(count() = 0, NULL, toString(argMax(ingested_before, updated_at))) AS ingested_before FROM facts_progress',
  })
  const ingestedBefore = mark?.ingested_before ?? null
  const from = ingestedBefore === null || options.all ? 0 : Date.parse(`${ingestedBefore.replace(' ', 'T')}Z`) - refreshOverlapMs()
  const [row] = await queryRows(ch, {
    tag: 'facts:latest_ingest',
    schema: LatestIngestRow,
    params: { from: formatTimestamp(from) },
    query: `
      SELECT if(count() = 0, NULL, toString(max(latest))) AS latest_ingest
      FROM (${EVENT_TABLES.map((t) => `SELECT max(ingested_at) AS latest FROM ${t} WHERE ingested_at >= {from:DateTime64(3, 'UTC')} HAVING count() > 0`).join(' UNION ALL ')})`,
  })
  return { ingestedBefore, latestIngest: row?.latest_ingest ?? null }
}

/** Whether a partial refresh would find events ingested since the facts' progress mark. */
export async function hasEventsToRefresh(ch: ClickHouse): Promise<boolean> {
  const { ingestedBefore, latestIngest } = await fetchFactsProgress(ch)
  return latestIngest !== null && (ingestedBefore === null || latestIngest >= ingestedBefore)
}

const CountRow = z.object({ predictions: z.number() })

/** Prediction events stored (from part metadata: no scan). */
async function countPredictions(ch: ClickHouse): Promise<number> {
  const [row] = await queryRows(ch, { tag: 'facts:count_predictions', schema: CountRow, query: 'SELECT count() AS predictions FROM predictions' })
  return row.predictions
}

/**
 * How far before the progress mark a refresh looks again. Embedded chDB has one writer, serialised
 * with the refresh; a server may have writers whose inserts become visible a little after their
 * ingested_at, and recomputing an item twice is harmless.
 */
function refreshOverlapMs(): number {
  return isEmbeddedClickHouse() ? 0 : 60_000
}

/**
 * A statement on a table's data. On a cluster it names the shards' local tables ON CLUSTER, as the
 * migrations do: a TRUNCATE or OPTIMIZE of the Distributed table in front does not reach the
 * shards (ClickHouse issues #2963, #50447), so a rebuild would keep the old facts and add new ones.
 */
export function tableDataStatement(verb: 'TRUNCATE TABLE' | 'OPTIMIZE TABLE', table: string, cluster: string | undefined): string {
  return cluster ? `${verb} ${table}_local ON CLUSTER '${cluster}'` : `${verb} ${table}`
}

/**
 * Brings the facts up to date with every event ingested so far: the touched items since the
 * progress mark, or every item when there is no mark yet (or `all`; in slices of about `chunkItems`
 * items). Returns false when there was nothing to do. The caller serialises it with ingest (analytics/shared/serialised.ts).
 */
export async function refreshFacts(ch: ClickHouse, options: { all?: boolean; chunkItems?: number } = {}): Promise<boolean> {
  const { ingestedBefore, latestIngest } = await fetchFactsProgress(ch, { all: options.all })
  if (latestIngest === null) return false
  if (!options.all && ingestedBefore !== null && latestIngest < ingestedBefore) return false
  if (options.all || ingestedBefore === null) {
    const cluster = getEnv().clickhouseCluster
    for (const table of FACT_TABLES) await runCommand(ch, tableDataStatement('TRUNCATE TABLE', table, cluster), `facts:truncate_${table}`)
    const chunks = Math.max(1, Math.ceil((await countPredictions(ch)) / (options.chunkItems ?? REBUILD_CHUNK_ITEMS)))
    for (let chunk = 0; chunk < chunks; chunk++) {
      await insertItemFacts(ch, { all: true, chunk, chunks })
      await insertReviewFacts(ch, { all: true, chunk, chunks })
    }
    // One part per partition, as background merges would leave it: FINAL then reads without
    // merging. Only speed depends on it, so a merge that cannot run now (merges stopped) is skipped.
    for (const table of FACT_TABLES) {
      await runCommand(ch, `${tableDataStatement('OPTIMIZE TABLE', table, cluster)} FINAL`, `facts:optimize_${table}`, undefined, REFRESH_SETTINGS).catch(() => undefined)
    }
  } else {
    const scope = { since: formatTimestamp(Date.parse(`${ingestedBefore.replace(' ', 'T')}Z`) - refreshOverlapMs()) }
    await copyTouchedEvents(ch, scope)
    await retract(ch, 'item_facts', ITEM_FACT_COLUMNS, TOUCHED_COPY.predictions)
    await retract(ch, 'review_facts', REVIEW_FACT_COLUMNS, TOUCHED_COPY.reviews)
    await insertItemFacts(ch, scope)
    await insertReviewFacts(ch, scope)
  }
  // Events ingested in the same millisecond as the latest one are touched again next time: harmless.
  await runCommand(
    ch,
    "INSERT INTO facts_progress (id, ingested_before) VALUES (1, {latest:DateTime64(3, 'UTC')} + toIntervalMillisecond(1))",
    'facts:progress_mark',
    { latest: latestIngest },
  )
  return true
}
