// Tables: item_facts (each item's latest prediction with its reference label and weight, kept
// current by analytics/facts; those with ts in [from, to) are the population) and its per-day
// rollup item_facts_daily (analytics/facts/rollups.sql.ts). Rows: per-cell sums by (period, bin,
// histogram bin[, group, group bin]) (SPEC 3.2); or the quantile edges of the population and groups.
import { queryRows, type ClickHouse } from '@/lib/clickhouse'
import type { ResolvedFilters } from '@/analytics/shared/filters.schema'
import { factsInRange, filterParams } from '@/analytics/shared/filters.sql'
import { dailyItemRows, FACT_AS_DAILY_SQL, FIXED_POINT, splitDays } from '@/analytics/facts/rollups.sql'
import {
  CalibrationCellRow,
  HISTOGRAM_BINS,
  QuantileEdgesRow,
  type CalibrationGroupBy,
  type CalibrationInterval,
  type CalibrationStrategy,
} from './calibration.schema'

/** Series period of a prediction's day: the day, or the Monday of its ISO week. */
const PERIOD_SQL: Record<CalibrationInterval, string> = { day: 'day', week: 'toMonday(day)' }
/** Columns `group_by` may name. */
const GROUP_COLUMN_SQL: Record<CalibrationGroupBy, string> = { model: 'model', model_version: 'model_version', segment: 'segment' }

/**
 * SPEC 3.2's equal-width bin min(floor(c·bins), bins − 1): confidence is Float64 and the product
 * with the UInt32 parameter is the Float64 product, exactly `binIndex` in calibration.compute.ts.
 * Applied to a row's min_confidence: a rollup row's cell has one bin for every `bins` (see the
 * rollups), and a fact row's min_confidence is its confidence.
 */
const UNIFORM_BIN = 'least(toUInt32(floor(min_confidence * {bins:UInt32})), {bins:UInt32} - 1)'
const HISTOGRAM_BIN = 'least(toUInt32(floor(min_confidence * {histogram_bins:UInt32})), {histogram_bins:UInt32} - 1)'
/** Equal-mass bin: the number of interior edges ≤ c, exactly `quantileBinIndex` (fact rows only). */
const QUANTILE_BIN = 'arrayCount(e -> e <= min_confidence, {interior_edges:Array(Float64)})'
/** The same with the edges of the row's own group (computed per group, so each group has equal-mass bins). */
const GROUP_QUANTILE_BIN = 'arrayCount(e -> e <= min_confidence, {group_edges:Array(Array(Float64))}[indexOf({group_keys:Array(String)}, group_key)])'

/**
 * Σ of a rollup sum: the rollups keep Float64 values in fixed point at 2^-52 as Int128 (x·2^52 is
 * an exact product; truncation loses < 2.3e-16 per value, nothing for values ≥ 1), so the total is
 * exact and independent of summation order. A Float64 sum depends on how ClickHouse's threads split
 * and merge the rows, so the same request could answer 0.7168485009111465 once and …464 the next,
 * and a retracted fact (sign -1) would not cancel its twin exactly; this keeps the JSON of the API
 * and the CLI identical.
 */
const exactSum = (column: string) => `toFloat64(sum(${column})) / ${FIXED_POINT}`

export interface CalibrationQueryOptions {
  bins: number
  strategy: CalibrationStrategy
  interval: CalibrationInterval
  groupBy?: CalibrationGroupBy
  /** Quantile strategy: the population's interior edges, and each group's. */
  interiorEdges?: readonly number[]
  groupEdges?: ReadonlyMap<string, readonly number[]>
}

/** The population: the current facts in range with their group value (FINAL: rows, not sums). */
function populationCte(filters: ResolvedFilters, groupBy: CalibrationGroupBy | undefined): string {
  return `population AS (
    SELECT confidence, ${groupBy ? GROUP_COLUMN_SQL[groupBy] : "''"} AS group_key
    FROM item_facts FINAL
    WHERE ${factsInRange(filters)}
  )`
}

/**
 * Interior quantile edges (type 7, quantilesExactInclusive at levels k/bins) of the population's
 * confidences and, with `group_by`, of each group's: one pass with GROUPING SETS.
 */
export function fetchQuantileEdges(ch: ClickHouse, filters: ResolvedFilters, options: { bins: number; groupBy?: CalibrationGroupBy }) {
  const levels = Array.from({ length: options.bins - 1 }, (_, i) => (i + 1) / options.bins)
  const levelParams = Object.fromEntries(levels.map((level, i) => [`level_${i + 1}`, level]))
  const quantiles = `quantilesExactInclusive(${levels.map((_, i) => `{level_${i + 1}:Float64}`).join(', ')})(confidence)`
  return queryRows(ch, {
    tag: 'calibration:quantile_edges',
    schema: QuantileEdgesRow,
    params: { ...filterParams(filters), ...levelParams },
    query: options.groupBy
      ? `
      WITH ${populationCte(filters, options.groupBy)}
      SELECT grouping(group_key) AS overall, if(overall = 1, '', toString(group_key)) AS key, ${quantiles} AS edges
      FROM population
      GROUP BY GROUPING SETS ((), (group_key))
      HAVING count() > 0
      ORDER BY overall DESC, key`
      : `
      WITH ${populationCte(filters, undefined)}
      SELECT 1 AS overall, '' AS key, ${quantiles} AS edges
      FROM population
      HAVING count() > 0`,
  })
}

/** The per-cell sums, in the order of the rollup's columns. */
const SUMMED_COLUMNS = ['items', 'confidence_sum', 'labeled', 'weight_sum', 'weight_sq_sum', 'weighted_correct_sum', 'weighted_brier_sum', 'zero_propensity'] as const

/**
 * Per-cell sums (CalibrationBinRow fields) of the labeled population in one pass and one plain
 * GROUP BY over small keys: (period, bin, histogram bin[, group value, the group's bin]). Every
 * figure is a sum over cells: the overall bins sum over periods (and histogram bins), each period's
 * bins over histogram bins, the histogram over the rest, each group's bins over periods. A few
 * thousand cells replace four GROUPING SETS over the population rows.
 * With `group_by`, each cell also names its first and last UTC day with predictions (a group's
 * first_seen/last_seen are the extremes over its cells): the period itself per day; per week, from
 * the cell's days summed first (a day counts when its items, with their signs, do not cancel out,
 * so a retracted fact not yet merged away leaves no trace). Summing days into weeks in ClickHouse
 * keeps the weekly answer at its few hundred cells (per-day cells parsed in TypeScript were ~5×
 * as many rows and doubled the time of a weekly grouped request on the demo).
 * Reference labels and weights are the facts' (labels.sql.ts); unlabeled predictions (and
 * zero-propensity ones) have weight 0, so the weighted sums run over the labeled ones only.
 * Equal-width bins read the per-day rollups for whole days; equal-mass bins need each confidence
 * against the quantile edges, so they read the facts.
 */
export function fetchCalibrationCells(ch: ClickHouse, filters: ResolvedFilters, options: CalibrationQueryOptions) {
  const quantile = options.strategy === 'quantile'
  const grouped = options.groupBy !== undefined
  const groupKeys = [...(options.groupEdges?.keys() ?? [])]
  const keys = ['period', 'bin', 'hist_bin', 'group_key', 'group_bin']
  const range = splitDays('range', filters.from, filters.to)
  const rows = quantile
    ? `SELECT toDate(ts) AS day, model, model_version, segment, ${FACT_AS_DAILY_SQL} FROM item_facts WHERE ${factsInRange(filters)}`
    : dailyItemRows(filters, range)
  const cellRows = `
        SELECT ${PERIOD_SQL[options.interval]} AS period, day,
               ${quantile ? QUANTILE_BIN : UNIFORM_BIN} AS bin,
               ${HISTOGRAM_BIN} AS hist_bin,
               ${grouped ? `toString(${GROUP_COLUMN_SQL[options.groupBy!]}) AS group_key, ${quantile ? GROUP_QUANTILE_BIN : 'bin'} AS group_bin` : "'' AS group_key, bin AS group_bin"},
               ${SUMMED_COLUMNS.join(', ')}
        FROM (${rows})`
  const daysOfWeeks = grouped && options.interval === 'week'
  const source = daysOfWeeks
    ? `
        SELECT ${keys.join(', ')}, day, ${SUMMED_COLUMNS.map((c) => `sum(${c}) AS ${c}`).join(', ')}
        FROM (${cellRows})
        GROUP BY ${keys.join(', ')}, day`
    : cellRows
  const seenDays = daysOfWeeks
    ? 'toString(minIf(day, items != 0)) AS first_day, toString(maxIf(day, items != 0)) AS last_day'
    : grouped
      ? 'toString(period) AS first_day, toString(period) AS last_day'
      : 'NULL AS first_day, NULL AS last_day'
  return queryRows(ch, {
    tag: 'calibration:cells',
    schema: CalibrationCellRow,
    params: {
      ...filterParams(filters),
      ...range.params,
      bins: options.bins,
      histogram_bins: HISTOGRAM_BINS,
      interior_edges: [...(options.interiorEdges ?? [])],
      group_keys: groupKeys,
      group_edges: groupKeys.map((key) => [...(options.groupEdges?.get(key) ?? [])]),
    },
    query: `
      SELECT toString(period) AS period, bin, hist_bin, group_key, group_bin,
             sum(items) AS count,
             ${exactSum('confidence_sum')} AS sum_confidence,
             sum(labeled) AS labeled,
             ${exactSum('weight_sum')} AS weight_sum,
             ${exactSum('weight_sq_sum')} AS weight_sq_sum,
             ${exactSum('weighted_correct_sum')} AS weighted_correct_sum,
             ${exactSum('weighted_brier_sum')} AS weighted_brier_sum,
             sum(zero_propensity) AS zero_propensity,
             ${seenDays}
      FROM (${source})
      GROUP BY ${keys.join(', ')}
      HAVING count != 0
      ORDER BY ${keys.join(', ')}`,
  })
}
