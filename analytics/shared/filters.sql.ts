// Shared WHERE-clause builders for the telemetry and facts tables. Column names are fixed here;
// every value is a bound parameter.
import { formatTimestamp } from './time'
import type { ResolvedFilters } from './filters.schema'

/** Parameters every metric query binds: the window and the dimension filters. */
export function filterParams(filters: ResolvedFilters): Record<string, unknown> {
  return {
    from: formatTimestamp(filters.from),
    to: formatTimestamp(filters.to),
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

/**
 * Facts (item_facts, review_facts) in [from, to) by their ts, of the chosen model, whose item's
 * latest prediction passes the segment and version filters.
 */
export function factsInRange(filters: ResolvedFilters): string {
  return `ts >= {from:DateTime64(3, 'UTC')} AND ts < {to:DateTime64(3, 'UTC')} ${modelCondition(filters)} ${sliceConditions(filters)}`
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
 * A 64-bit hash of (model, item_id): the `item_hash` column stored with every event and fact
 * (cityHash64(model, item_id), migration 0008), for cheap pre-filters (`IN` on a UInt64 set instead
 * of a String one: ~8× faster over 10M rows). Never an identity on its own: a hash can be shared,
 * so it only narrows rows that are then matched on ITEM_KEY (or grouped by it).
 */
export const ITEM_HASH = 'item_hash'

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
