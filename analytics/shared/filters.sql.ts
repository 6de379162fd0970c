// Shared WHERE-clause builders for the telemetry tables. Column names are fixed here; every value
// is a bound parameter.
import { formatTimestamp, MS_PER_DAY } from './time'
import type { ResolvedFilters } from './filters.schema'

/**
 * How far before `from` to look for the prediction of an item reviewed, labeled or still open in
 * the range: reviews and outcomes follow their prediction, usually within days.
 */
export const PREDICTION_LOOKBACK_DAYS = 30

/** Parameters every metric query binds: the window, the lookback start and the dimension filters. */
export function filterParams(filters: ResolvedFilters, now: number): Record<string, unknown> {
  return {
    from: formatTimestamp(filters.from),
    to: formatTimestamp(filters.to),
    lookback_from: formatTimestamp(filters.from - PREDICTION_LOOKBACK_DAYS * MS_PER_DAY),
    // Backlog is measured at the end of the range, or now when the range reaches into the future.
    end: formatTimestamp(Math.min(filters.to, now)),
    model: filters.model ?? '',
    segment: filters.segment ?? '',
    model_version: filters.model_version ?? '',
    reviewer_id: filters.reviewer_id ?? '',
    queue: filters.queue ?? '',
  }
}

/** `AND model = …` when a model is chosen (the sort key's first column). */
export function modelCondition(filters: ResolvedFilters, column = 'model'): string {
  return filters.model !== undefined ? `AND ${column} = {model:String}` : ''
}

/** Segment and version conditions on an item's latest prediction. */
export function sliceConditions(filters: ResolvedFilters, alias = ''): string {
  const prefix = alias ? `${alias}.` : ''
  return [
    filters.segment !== undefined ? `AND ${prefix}segment = {segment:String}` : '',
    filters.model_version !== undefined ? `AND ${prefix}model_version = {model_version:String}` : '',
  ].join(' ')
}

/** Reviewer and queue conditions on reviews. */
export function reviewConditions(filters: ResolvedFilters): string {
  return [
    filters.reviewer_id !== undefined ? 'AND reviewer_id = {reviewer_id:String}' : '',
    filters.queue !== undefined ? 'AND queue = {queue:String}' : '',
  ].join(' ')
}

/**
 * An item's identity (model, item_id) as one String. hex(model) holds no ':', so the pair is
 * recovered up to the first ':' (the key is injective), and hex of a LowCardinality column is
 * evaluated once per dictionary entry. ClickHouse aggregates a single String key with its string
 * hash map; GROUP BY model, item_id (a LowCardinality and a String column) takes the generic
 * serialized-key path, measured ~4× slower over 10M items.
 */
export const ITEM_KEY = "concat(hex(model), ':', item_id)"

/**
 * A 64-bit hash of (model, item_id), for cheap pre-filters (`IN` on a UInt64 set instead of a String
 * one: ~8× faster over 10M rows). Never an identity on its own: a hash can be shared, so it only
 * narrows rows that are then matched on ITEM_KEY (or grouped by it).
 */
export const ITEM_HASH = 'cityHash64(model, item_id)'

/**
 * Recency of an event for "the latest" (SPEC §2): ts in epoch ms in the high 64 bits and
 * cityHash64(event_id) in the low 64, so that events with the same ts are ordered by a fixed
 * function of their id (deterministic, independent of insert order). One UInt128 keeps argMax on
 * its numeric path: argMax(tuple(…), tuple(ts, event_id)) compares generic Fields per row and cost
 * ~10× as much at 10M rows.
 */
export const RECENCY = 'bitOr(bitShiftLeft(toUInt128(toUnixTimestamp64Milli(ts)), 64), toUInt128(cityHash64(event_id)))'

/** How a column of `latestRows` is taken from the rows of one key. */
export type LatestColumn =
  | { name: string; expr: string; take: 'key' } // a GROUP BY key of the duplicated rows
  | { name: string; expr: string; take: 'same' } // a function of the key: any()
  | { name: string; expr: string; take: 'latest' } // the latest row's value: argMax(…, recency)
  | { name: string; expr: string; take: 'max' } // max() (the latest ts is max(ts))

/**
 * SQL for the latest row of each key among the rows of `table` that pass `where`, by RECENCY.
 *
 * `split` (for large row sets): nearly every key has a single row (one prediction per item, one
 * review per reviewer and item), so only the rows whose `hash` of the key occurs more than once go
 * through the GROUP BY (a UNION ALL); the others pass straight through. Exact: a key whose hash
 * occurs once has one row, and a hash collision only sends a few more rows through the (exact)
 * GROUP BY on the `key` columns. At 10M predictions this replaced a GROUP BY with ~9.5M groups of
 * argMax states (~2 GB of state) by a GROUP BY of 8-byte hashes with a count: ~3× faster.
 * `group`: one GROUP BY, for row sets that a selective `where` already made small (it reads the
 * table once where `split` reads it twice).
 */
export function latestRows(table: string, where: string, hash: string, columns: readonly LatestColumn[], mode: 'split' | 'group' = 'split'): string {
  const keys = columns.filter((c) => c.take === 'key').map((c) => c.name)
  const aggregate = (c: LatestColumn) =>
    c.take === 'key' ? c.name : c.take === 'same' ? `any(${c.name})` : c.take === 'max' ? `max(${c.name})` : `argMax(${c.name}, recency)`
  const grouped = (condition: string) => `
      SELECT ${columns.map((c) => `${aggregate(c)} AS ${c.name}`).join(', ')}
      FROM (
        SELECT ${columns.map((c) => `${c.expr} AS ${c.name}`).join(', ')}, ${RECENCY} AS recency
        FROM ${table}
        WHERE ${where} ${condition}
      )
      GROUP BY ${keys.join(', ')}`
  if (mode === 'group') return grouped('')
  const repeated = `SELECT repeated_hash FROM (SELECT ${hash} AS repeated_hash FROM ${table} WHERE ${where} GROUP BY repeated_hash HAVING count() > 1)`
  return `
      SELECT ${columns.map((c) => `${c.expr} AS ${c.name}`).join(', ')}
      FROM ${table}
      WHERE ${where} AND ${hash} NOT IN (${repeated})
      UNION ALL${grouped(`AND ${hash} IN (${repeated})`)}`
}

export interface LatestPredictionsOptions {
  /**
   * `lookback` (default): predictions since the lookback start, so that items reviewed, labeled or
   * open in the range find their prediction. `from`: predictions in the range only, for metrics over
   * the predictions in range (the latest in [from, to) is ≥ from exactly when the latest in
   * [lookback_from, to) is, so nothing changes but the rows read).
   */
  since?: 'lookback' | 'from'
  /**
   * A subquery yielding ITEM_HASHes: only rows of those items are read, a filter before any
   * aggregation. A hash may match a few other items too; callers join on item_key afterwards.
   */
  itemHashesIn?: string
}

/** The prediction rows an item's latest prediction is chosen from (a WHERE condition on `predictions`). */
export function predictionsWhere(filters: ResolvedFilters, options: LatestPredictionsOptions = {}): string {
  const since = options.since === 'from' ? "{from:DateTime64(3, 'UTC')}" : "{lookback_from:DateTime64(3, 'UTC')}"
  return `ts >= ${since} AND ts < {to:DateTime64(3, 'UTC')} ${modelCondition(filters)} ${options.itemHashesIn ? `AND ${ITEM_HASH} IN (${options.itemHashesIn})` : ''}`
}

/**
 * `latest_predictions(item_key, model, item_id, ts, segment, model_version, route,
 * predicted_label, confidence, propensity)`: the latest prediction of each (model, item_id) among
 * predictions in [lookback_from, to) (or [from, to)), by RECENCY (SPEC §2: the latest by ts is the
 * item's prediction). Segment and version filters apply to that latest prediction.
 */
export function latestPredictionsCte(filters: ResolvedFilters, options: LatestPredictionsOptions = {}): string {
  const where = predictionsWhere(filters, options)
  const rows = latestRows('predictions', where, ITEM_HASH, [
    { name: 'item_key', expr: ITEM_KEY, take: 'key' },
    { name: 'model', expr: 'model', take: 'same' },
    { name: 'item_id', expr: 'item_id', take: 'same' },
    { name: 'ts', expr: 'ts', take: 'max' },
    ...['segment', 'model_version', 'route', 'predicted_label', 'confidence', 'propensity'].map((name) => ({ name, expr: name, take: 'latest' as const })),
  ], options.itemHashesIn ? 'group' : 'split')
  return `latest_predictions AS (
    SELECT * FROM (${rows}
    )
    WHERE 1 ${sliceConditions(filters)}
  )`
}

/**
 * `latest_reviews(item_key, reviewer_id, label, reviewed_at, duration_ms)`: each reviewer's latest
 * review of each item (SPEC §2) among the reviews in [from, to) that pass the model, reviewer and
 * queue filters, a review being in range by its own ts (SPEC §3). These are the counted reviews.
 */
export function latestReviewsCte(filters: ResolvedFilters): string {
  const where = `ts >= {from:DateTime64(3, 'UTC')} AND ts < {to:DateTime64(3, 'UTC')} ${modelCondition(filters)} ${reviewConditions(filters)}`
  const rows = latestRows('reviews', where, 'cityHash64(model, item_id, reviewer_id)', [
    { name: 'item_key', expr: ITEM_KEY, take: 'key' },
    { name: 'reviewer_id', expr: 'reviewer_id', take: 'key' },
    { name: 'label', expr: 'label', take: 'latest' },
    { name: 'reviewed_at', expr: 'ts', take: 'max' },
    // argMax skips NULL arguments: a missing duration is carried as -1, so that the latest review's
    // own duration counts, not the last one that had a duration.
    { name: 'duration', expr: 'ifNull(toInt64(duration_ms), -1)', take: 'latest' },
  ])
  return `latest_reviews AS (
    SELECT item_key, reviewer_id, label, reviewed_at, nullIf(duration, -1) AS duration_ms FROM (${rows}
    )
  )`
}

/** The item hashes of the reviews `latestReviewsCte` reads (a subquery, for `itemHashesIn`). */
export function reviewedItemHashes(filters: ResolvedFilters): string {
  return `SELECT ${ITEM_HASH} FROM reviews
    WHERE ts >= {from:DateTime64(3, 'UTC')} AND ts < {to:DateTime64(3, 'UTC')} ${modelCondition(filters)} ${reviewConditions(filters)}`
}
