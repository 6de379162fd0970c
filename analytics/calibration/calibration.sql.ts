// Tables: predictions (the latest per (model, item_id) with ts in [from, to): the population),
// outcomes and reviews (reference labels, labels.sql.ts). Rows: per-cell sums by (period, bin,
// histogram bin[, group, group bin]) (SPEC 3.2); or the quantile edges of the population and groups.
import { queryRows, type ClickHouse } from '@/lib/clickhouse'
import type { ResolvedFilters } from '@/analytics/shared/filters.schema'
import { filterParams, ITEM_HASH, latestPredictionsCte } from '@/analytics/shared/filters.sql'
import { LABEL_COLUMNS, labelEventHashes, referenceLabelsCte } from '@/analytics/shared/labels.sql'
import {
  CalibrationCellRow,
  HISTOGRAM_BINS,
  QuantileEdgesRow,
  type CalibrationGroupBy,
  type CalibrationInterval,
  type CalibrationStrategy,
} from './calibration.schema'

/** Series period of a prediction: its UTC day, or the Monday of its ISO week. */
const PERIOD_SQL: Record<CalibrationInterval, string> = { day: 'toDate(ts)', week: 'toMonday(ts)' }
/** Columns `group_by` may name. */
const GROUP_COLUMN_SQL: Record<CalibrationGroupBy, string> = { model_version: 'model_version', segment: 'segment' }

/**
 * SPEC 3.2's equal-width bin min(floor(c·bins), bins − 1): confidence is Float64 and the product
 * with the UInt32 parameter is the Float64 product, exactly `binIndex` in calibration.compute.ts.
 */
const UNIFORM_BIN = 'least(toUInt32(floor(confidence * {bins:UInt32})), {bins:UInt32} - 1)'
const HISTOGRAM_BIN = 'least(toUInt32(floor(confidence * {histogram_bins:UInt32})), {histogram_bins:UInt32} - 1)'
/** ITEM_HASH of a population row (it keeps model and item_id). */
const ITEM_HASH_OF_POPULATION = ITEM_HASH
/** Equal-mass bin: the number of interior edges ≤ c, exactly `quantileBinIndex`. */
const QUANTILE_BIN = 'arrayCount(e -> e <= confidence, {interior_edges:Array(Float64)})'
/** The same with the edges of the row's own group (computed per group, so each group has equal-mass bins). */
const GROUP_QUANTILE_BIN = 'arrayCount(e -> e <= confidence, {group_edges:Array(Array(Float64))}[indexOf({group_keys:Array(String)}, group_key)])'

/**
 * Σ of a non-negative Float64 expression, exact and independent of summation order: each value in
 * fixed point at 2^-52 (x·2^52 is an exact product; truncation loses < 2.3e-16 per value, nothing
 * for values ≥ 1), added up as Int128 (no overflow below ~10^22 in value). A Float64 sum depends on
 * how ClickHouse's threads split and merge the rows, so the same request could answer
 * 0.7168485009111465 once and …464 the next; this keeps the JSON of the API and the CLI identical.
 */
const exactSum = (expr: string) => `toFloat64(sum(toInt128((${expr}) * ${2 ** 52}))) / ${2 ** 52}`

export interface CalibrationQueryOptions {
  bins: number
  strategy: CalibrationStrategy
  interval: CalibrationInterval
  groupBy?: CalibrationGroupBy
  /** Quantile strategy: the population's interior edges, and each group's. */
  interiorEdges?: readonly number[]
  groupEdges?: ReadonlyMap<string, readonly number[]>
}

/** The population: latest predictions in range with their group value. */
function populationCte(filters: ResolvedFilters, groupBy: CalibrationGroupBy | undefined): string {
  return `${latestPredictionsCte(filters, { since: 'from' })},
  population AS (
    SELECT ts, confidence, predicted_label, propensity, item_key, model, item_id, ${groupBy ? GROUP_COLUMN_SQL[groupBy] : "''"} AS group_key
    FROM latest_predictions
  )`
}

/**
 * Interior quantile edges (type 7, quantilesExactInclusive at levels k/bins) of the population's
 * confidences and, with `group_by`, of each group's: one pass with GROUPING SETS.
 */
export function fetchQuantileEdges(ch: ClickHouse, filters: ResolvedFilters, now: number, options: { bins: number; groupBy?: CalibrationGroupBy }) {
  const levels = Array.from({ length: options.bins - 1 }, (_, i) => (i + 1) / options.bins)
  const levelParams = Object.fromEntries(levels.map((level, i) => [`level_${i + 1}`, level]))
  const quantiles = `quantilesExactInclusive(${levels.map((_, i) => `{level_${i + 1}:Float64}`).join(', ')})(confidence)`
  return queryRows(ch, {
    tag: 'calibration:quantile_edges',
    schema: QuantileEdgesRow,
    params: { ...filterParams(filters, now), ...levelParams },
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

/**
 * Per-cell sums (CalibrationBinRow fields) of the labeled population in one pass and one plain
 * GROUP BY over small keys: (period, bin, histogram bin[, group value, the group's bin]). Every
 * figure is a sum over cells: the overall bins sum over periods (and histogram bins), each period's
 * bins over histogram bins, the histogram over the rest, each group's bins over periods. A few
 * thousand cells replace four GROUPING SETS over the population rows.
 * Reference labels and weights come from labels.sql.ts; unlabeled predictions (and zero-propensity
 * ones) have weight 0, so the weighted sums run over the labeled ones only. Most predictions have
 * no label: their ITEM_HASH is not among the label events', and the JOIN skips them (a join mask,
 * not a hash lookup of their String key).
 */
export function fetchCalibrationCells(ch: ClickHouse, filters: ResolvedFilters, now: number, options: CalibrationQueryOptions) {
  const quantile = options.strategy === 'quantile'
  const grouped = options.groupBy !== undefined
  const groupKeys = [...(options.groupEdges?.keys() ?? [])]
  const keys = ['period', 'bin', 'hist_bin', ...(grouped ? ['group_key', 'group_bin'] : [])]
  return queryRows(ch, {
    tag: 'calibration:cells',
    schema: CalibrationCellRow,
    params: {
      ...filterParams(filters, now),
      bins: options.bins,
      histogram_bins: HISTOGRAM_BINS,
      interior_edges: [...(options.interiorEdges ?? [])],
      group_keys: groupKeys,
      group_edges: groupKeys.map((key) => [...(options.groupEdges?.get(key) ?? [])]),
    },
    query: `
      WITH ${populationCte(filters, options.groupBy)},
      ${referenceLabelsCte(filters)}
      SELECT toString(${PERIOD_SQL[options.interval]}) AS period,
             ${quantile ? QUANTILE_BIN : UNIFORM_BIN} AS bin,
             ${HISTOGRAM_BIN} AS hist_bin,
             ${grouped ? `toString(group_key) AS group_key, ${quantile ? GROUP_QUANTILE_BIN : 'bin'} AS group_bin,` : "'' AS group_key, bin AS group_bin,"}
             count() AS count,
             ${exactSum('confidence')} AS sum_confidence,
             countIf(labeled) AS labeled,
             ${exactSum('weight')} AS weight_sum,
             ${exactSum('weight * weight')} AS weight_sq_sum,
             ${exactSum('weight * correct')} AS weighted_correct_sum,
             ${exactSum('weight * (confidence - correct) * (confidence - correct)')} AS weighted_brier_sum,
             countIf(zero_propensity) AS zero_propensity
      FROM (
        SELECT p.ts AS ts, p.confidence AS confidence, p.group_key AS group_key, ${LABEL_COLUMNS}
        FROM (SELECT *, ${ITEM_HASH_OF_POPULATION} IN (${labelEventHashes(filters)}) AS maybe_labeled FROM population) AS p
        LEFT JOIN reference_labels AS l ON p.item_key = l.item_key AND p.maybe_labeled
      )
      GROUP BY ${keys.join(', ')}
      ORDER BY ${keys.join(', ')}`,
  })
}
