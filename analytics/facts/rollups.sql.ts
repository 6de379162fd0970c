// Tables: item_facts_daily, item_closes_daily, review_facts_daily (per-day sums kept by
// materialized views, see db/clickhouse/0004_fact_rollups.sql and 0006) for the whole days of a
// range, and item_facts / review_facts for its partial days. Rows: the rollup's shape, for the
// families to aggregate further.
import type { ResolvedFilters } from '@/analytics/shared/filters.schema'
import { modelCondition, reviewConditions, sliceConditions } from '@/analytics/shared/filters.sql'
import { formatTimestamp, isoDate, wholeDays } from '@/analytics/shared/time'

/** Fixed point of the Int128 sums: x·2^52 is exact for the Float64 values summed here. */
export const FIXED_POINT = 2 ** 52

/**
 * The confidence cell of the rollups (the same expression as in the migration's view): equal
 * cells mean the same SPEC 3.2 bin for every allowed `bins`.
 */
export const CELL_SQL = `toUInt16(${Array.from({ length: 49 }, (_, i) => `least(toUInt32(floor(confidence * ${i + 2})), ${i + 1})`).join(' + ')})`

/**
 * One item_facts row as a rollup row (the same expressions as the migration's view, before its
 * sums): summed together with rollup rows, it counts the same.
 */
export const FACT_AS_DAILY_SQL = `
       toInt64(sign) AS items,
       toInt64(sign) * has_label AS with_label,
       toInt64(sign) * labeled AS labeled,
       toInt64(sign) * zero_propensity AS zero_propensity,
       toInt128(confidence * ${FIXED_POINT} * sign) AS confidence_sum,
       toInt128(weight * ${FIXED_POINT} * sign) AS weight_sum,
       toInt128(weight * weight * ${FIXED_POINT} * sign) AS weight_sq_sum,
       toInt128(weight * correct * ${FIXED_POINT} * sign) AS weighted_correct_sum,
       toInt128(weight * (confidence - correct) * (confidence - correct) * ${FIXED_POINT} * sign) AS weighted_brier_sum,
       confidence AS min_confidence`

const DAILY_COLUMNS = [
  'items',
  'with_label',
  'labeled',
  'zero_propensity',
  'confidence_sum',
  'weight_sum',
  'weight_sq_sum',
  'weighted_correct_sum',
  'weighted_brier_sum',
] as const

/** A range [from, to) split into its whole UTC days (read from the rollups) and partial days (from the facts). */
export interface DaySplit {
  /** Bound parameters, all named `<prefix>_…`. */
  params: Record<string, string>
  /** `day` in the whole days (a condition on a rollup), or null when there are none. */
  wholeDays: string | null
  /** Parameter names (Date) of the whole days' bounds, [from, to). */
  wholeFrom: string
  wholeTo: string
  /** Parameter names of the partial pieces' bounds, [from, to) each (none, one or two). */
  partial: Array<[string, string]>
  /** Parameter names of the whole range's bounds. */
  range: [string, string]
}

export function splitDays(prefix: string, from: number, to: number): DaySplit {
  const { fullFrom, fullTo } = wholeDays(from, to)
  const params: Record<string, string> = { [`${prefix}_from`]: formatTimestamp(from), [`${prefix}_to`]: formatTimestamp(to) }
  const pieces: Array<[number, number]> =
    fullFrom < fullTo
      ? [
          [from, fullFrom],
          [fullTo, to],
        ]
      : [[from, to]]
  const partial: Array<[string, string]> = []
  for (const [start, end] of pieces) {
    if (start >= end) continue
    const name = `${prefix}_part${partial.length}`
    params[`${name}_from`] = formatTimestamp(start)
    params[`${name}_to`] = formatTimestamp(end)
    partial.push([`${name}_from`, `${name}_to`])
  }
  let whole: string | null = null
  if (fullFrom < fullTo) {
    params[`${prefix}_whole_from`] = isoDate(fullFrom)
    params[`${prefix}_whole_to`] = isoDate(fullTo)
    whole = `day >= {${prefix}_whole_from:Date} AND day < {${prefix}_whole_to:Date}`
  }
  return { params, wholeDays: whole, wholeFrom: `${prefix}_whole_from`, wholeTo: `${prefix}_whole_to`, partial, range: [`${prefix}_from`, `${prefix}_to`] }
}

/** `column` in the partial days of a split (false when there are none). */
export function inPartialDays(split: DaySplit, column: string): string {
  if (split.partial.length === 0) return '0'
  const ts = (name: string) => `{${name}:DateTime64(3, 'UTC')}`
  return `(${split.partial.map(([from, to]) => `(${column} >= ${ts(from)} AND ${column} < ${ts(to)})`).join(' OR ')})`
}

/** UNION ALL of the branches that can hold rows (the first one, emptied, when none can: a query needs a branch). */
function unionOf(branches: Array<{ sql: string; used: boolean }>): string {
  const used = branches.filter((b) => b.used)
  return (used.length > 0 ? used : [{ sql: `SELECT * FROM (${branches[0].sql}) WHERE 0`, used: true }]).map((b) => b.sql).join('\n    UNION ALL')
}

/**
 * Rows `(model, day, model_version, segment, route, cell, items, with_label, labeled,
 * zero_propensity, confidence_sum, …, min_confidence)` for the items whose latest prediction is in
 * the split's range and passes the filters: the rollup's rows for its whole
 * days and item_facts rows in the same shape for its partial days. Several rows may share a key:
 * callers sum them (and take min of min_confidence). Not grouped here, so that ClickHouse reads
 * only the columns a caller uses.
 */
export function dailyItemRows(filters: ResolvedFilters, split: DaySplit): string {
  const conditions = `${modelCondition(filters)} ${sliceConditions(filters)}`
  return unionOf([
    {
      used: split.wholeDays !== null,
      sql: `
    SELECT model, day, model_version, segment, route, cell, ${DAILY_COLUMNS.join(', ')}, min_confidence
    FROM item_facts_daily
    WHERE ${split.wholeDays ?? '0'} ${conditions}`,
    },
    {
      used: split.partial.length > 0,
      sql: `
    SELECT model, toDate(ts) AS day, model_version, segment, route, ${CELL_SQL} AS cell, ${FACT_AS_DAILY_SQL}
    FROM item_facts
    WHERE ${inPartialDays(split, 'ts')} ${conditions}`,
    },
  ])
}

/**
 * Rows `(model, day, closes)` (to be summed): escalated items of the filters that closed in the
 * split's range (at their first review, or at their prediction when re-scored after it).
 */
export function dailyCloseRows(filters: ResolvedFilters, split: DaySplit): string {
  const conditions = `${modelCondition(filters)} ${sliceConditions(filters)}`
  const escalated = `route != 'auto' AND first_review_ts IS NOT NULL ${conditions}`
  return unionOf([
    {
      used: split.wholeDays !== null,
      sql: `
    SELECT model, day, closes FROM item_closes_daily
    WHERE ${split.wholeDays ?? '0'} ${conditions}`,
    },
    // Closed at the prediction (found by ts, the sort key) or at the first review (by its skip index).
    {
      used: split.partial.length > 0,
      sql: `
    SELECT model, toDate(ts) AS day, toInt64(sign) AS closes FROM item_facts
    WHERE ${inPartialDays(split, 'ts')} AND ${escalated} AND first_review_ts < ts`,
    },
    {
      used: split.partial.length > 0,
      sql: `
    SELECT model, toDate(assumeNotNull(first_review_ts)) AS day, toInt64(sign) AS closes FROM item_facts
    WHERE ${inPartialDays(split, 'first_review_ts')} AND ${escalated} AND first_review_ts >= ts`,
    },
  ])
}

/**
 * Rows `(model, day, model_label, label, reviews)` (to be summed): counted reviews in the split's
 * range of items whose latest prediction passes the filters, by the item's model label and the
 * reviewer's label. The rollup has no reviewer or queue: with those filters every day reads the
 * facts.
 */
export function dailyReviewRows(filters: ResolvedFilters, split: DaySplit): string {
  const conditions = `${modelCondition(filters)} ${sliceConditions(filters)}`
  const filtered = filters.reviewer_id !== undefined || filters.queue !== undefined
  const [from, to] = split.range
  const factDays = filtered ? `ts >= {${from}:DateTime64(3, 'UTC')} AND ts < {${to}:DateTime64(3, 'UTC')}` : inPartialDays(split, 'ts')
  return unionOf([
    {
      used: split.wholeDays !== null && !filtered,
      sql: `
    SELECT model, day, model_label, label, reviews FROM review_facts_daily
    WHERE ${split.wholeDays ?? '0'} ${conditions}`,
    },
    {
      used: split.partial.length > 0 || filtered,
      sql: `
    SELECT model, toDate(ts) AS day, model_label, label, toInt64(sign) AS reviews FROM review_facts
    WHERE (${factDays}) AND has_prediction = 1 ${conditions} ${reviewConditions(filters)}`,
    },
  ])
}

/**
 * The 0.001 confidence cell of threshold_cells_daily (the same expression as its view, migration
 * 0016): the largest k with confidence ≥ k/1000, as `confidenceCell` in
 * analytics/thresholds/recommend.compute.ts computes it.
 */
export const THRESHOLD_CELL_SQL =
  'toUInt16(floor(confidence * 1000) - (floor(confidence * 1000) / 1000 > confidence) + ((floor(confidence * 1000) + 1) / 1000 <= confidence))'

/**
 * Rows `(model, day, model_version, segment, route, propensity, cell, predictions, labeled,
 * errors)` (to be summed) for the items whose latest prediction is in the split's range and passes
 * the filters: threshold_cells_daily for the whole days, item_facts in the same shape for the
 * partial days.
 */
export function dailyThresholdCellRows(filters: ResolvedFilters, split: DaySplit): string {
  const conditions = `${modelCondition(filters)} ${sliceConditions(filters)}`
  return unionOf([
    {
      used: split.wholeDays !== null,
      sql: `
    SELECT model, day, model_version, segment, route, propensity, cell, predictions, labeled, errors
    FROM threshold_cells_daily
    WHERE ${split.wholeDays ?? '0'} ${conditions}`,
    },
    {
      used: split.partial.length > 0,
      sql: `
    SELECT model, toDate(ts) AS day, model_version, segment, route, propensity, ${THRESHOLD_CELL_SQL} AS cell,
           toInt64(sign) AS predictions, toInt64(sign) * item_facts.labeled AS labeled,
           toInt64(sign) * (item_facts.labeled AND NOT item_facts.correct) AS errors
    FROM item_facts
    WHERE ${inPartialDays(split, 'ts')} ${conditions}`,
    },
  ])
}
