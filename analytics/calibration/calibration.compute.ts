// Calibration math (SPEC 3.2): confidence bins, the reliability table, ECE, MCE and Brier from
// per-bin aggregates computed in ClickHouse. Pure: no I/O, no clock. 0 of 0 is null, never NaN.
import { calibrationGaps, hajekAccuracy, wilsonInterval, type Interval } from '@/analytics/shared/stats.compute'
import { compareLabels } from '@/analytics/shared/label-order'
import { MS_PER_DAY } from '@/analytics/shared/time'
import {
  HISTOGRAM_BINS,
  WEIGHT_SUM_TOLERANCE,
  type CalibrationCellRow,
  type CalibrationBinRow,
  type CalibrationGroupBy,
  type CalibrationInterval,
  type CalibrationPeriod,
  type CalibrationResponse,
  type CalibrationResult,
  type CalibrationStrategy,
  type CalibrationWarning,
  type HistogramBin,
  type QuantileEdgesRow,
  type ReliabilityBin,
} from './calibration.schema'

/**
 * How confidences map to bins. `uniform`: `bins` equal-width bins. `quantile`: equal-mass bins
 * given by their `edges` (the type-7 quantiles of fetchQuantileEdges), bins = edges.length − 1.
 */
export type Binning = { strategy: 'uniform'; bins: number } | { strategy: 'quantile'; edges: readonly number[] }

function assertConfidence(c: number): void {
  if (!(c >= 0 && c <= 1)) throw new RangeError(`confidence must lie in [0, 1], got ${c}`)
}

function assertBinCount(bins: number): void {
  if (!Number.isInteger(bins) || bins < 1) throw new RangeError(`bins must be an integer ≥ 1, got ${bins}`)
}

/**
 * SPEC 3.2's equal-width bin: min(floor(c·bins), bins − 1), so c = 1 joins the top bin.
 * c·bins is the IEEE-754 double product, rounded to nearest, in JavaScript and in ClickHouse alike
 * (confidences are stored as Float64 and `floor(confidence * {bins:UInt8})` multiplies in
 * Float64), so both sides put every prediction in the same bin. That product is not the decimal
 * one: 0.58·50 = 28.999999999999996, so 0.58, which is 29/50 as a double, lands in bin 28 on
 * both sides, while 0.14·50 = 7.000000000000001 lands in bin 7 as expected.
 */
export function binIndex(c: number, bins: number): number {
  assertConfidence(c)
  assertBinCount(bins)
  return Math.min(Math.floor(c * bins), bins - 1)
}

/**
 * Nominal edges of equal-width bins: k/bins for k = 0…bins (each the correctly rounded quotient,
 * ending at exactly 1). They label the reliability table; membership is decided by `binIndex`.
 */
export function uniformEdges(bins: number): number[] {
  assertBinCount(bins)
  return Array.from({ length: bins + 1 }, (_, k) => k / bins)
}

function assertEdges(edges: readonly number[]): void {
  if (edges.length < 2 || edges[0] !== 0 || edges[edges.length - 1] !== 1) {
    throw new RangeError('edges must start at 0, end at 1 and delimit at least one bin')
  }
  for (let i = 1; i < edges.length; i++) {
    if (!(edges[i] >= edges[i - 1])) throw new RangeError('edges must be non-decreasing')
  }
}

/**
 * Equal-mass bin of c: the number of interior edges (edges[1…bins−1]) that are ≤ c, which is at
 * most bins − 1. So a bin is [lower, upper) and c = 1 joins the top bin; a confidence equal to a
 * repeated edge skips the empty bins between the copies. In SQL: arrayCount(e -> e <= confidence,
 * interior_edges).
 */
export function quantileBinIndex(c: number, edges: readonly number[]): number {
  assertConfidence(c)
  // Binary search over the interior edges for the first one > c.
  let lo = 1
  let hi = edges.length - 1
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (edges[mid] <= c) lo = mid + 1
    else hi = mid
  }
  return lo - 1
}

/** The number of bins of a binning, checked (RangeError for a bad count or bad edges). */
export function binCountOf(binning: Binning): number {
  if (binning.strategy === 'uniform') {
    assertBinCount(binning.bins)
    return binning.bins
  }
  assertEdges(binning.edges)
  return binning.edges.length - 1
}

function edgesOf(binning: Binning): readonly number[] {
  return binning.strategy === 'uniform' ? uniformEdges(binning.bins) : binning.edges
}

/** A bin's aggregate row with every count and sum 0. */
export function emptyRow(bin: number): CalibrationBinRow {
  return {
    bin,
    count: 0,
    sum_confidence: 0,
    labeled: 0,
    weight_sum: 0,
    weight_sq_sum: 0,
    weighted_correct_sum: 0,
    weighted_brier_sum: 0,
  }
}

function sumOf<R>(rows: readonly R[], field: (row: R) => number): number {
  let sum = 0
  for (const row of rows) sum += field(row)
  return sum
}

function addInto(target: CalibrationBinRow, row: CalibrationBinRow): void {
  target.count += row.count
  target.sum_confidence += row.sum_confidence
  target.labeled += row.labeled
  target.weight_sum += row.weight_sum
  target.weight_sq_sum += row.weight_sq_sum
  target.weighted_correct_sum += row.weighted_correct_sum
  target.weighted_brier_sum += row.weighted_brier_sum
}

/**
 * Hájek accuracy Σ w·correct / Σ w; null when the bin has no labeled weight. Clamped to [0, 1]
 * against the rounding that `WEIGHT_SUM_TOLERANCE` allows for.
 */
function accuracyOf(row: CalibrationBinRow): number | null {
  return hajekAccuracy(row.weighted_correct_sum, row.weight_sum, row.labeled)
}

/**
 * Wilson interval on a weighted share: at p̂ with the Kish effective sample size
 * n_eff = (Σw)²/Σw², i.e. Wilson(p̂·n_eff, n_eff). With equal weights n_eff is the labeled count and
 * this is the ordinary Wilson interval; unequal weights shrink n_eff and widen the interval. An
 * approximation (the design effect of the weights), not an exact interval.
 */
function weightedWilson(accuracy: number | null, row: CalibrationBinRow): Interval | null {
  if (accuracy === null || row.weight_sq_sum === 0) return null
  const effectiveN = (row.weight_sum * row.weight_sum) / row.weight_sq_sum
  return wilsonInterval(Math.min(effectiveN, accuracy * effectiveN), effectiveN)
}

/**
 * SPEC 3.2 from per-bin aggregates (rows of absent bins count as empty; repeated bins are added).
 * - Every bin is listed; an empty one with count 0 and null figures.
 * - mean_confidence: over all predictions in the bin; accuracy: Hájek over its labeled ones.
 * - ece = Σ_b count_b·|accuracy_b − mean_confidence_b| / N and mce = max_b |…| over the bins whose
 *   accuracy is defined (labeled with positive weight), N the population (count) of those bins.
 * - brier = Σ w·(c − correct)² / Σ w over all labeled predictions.
 * Each is null when nothing qualifies.
 */
export function computeCalibration(rows: readonly CalibrationBinRow[], binning: Binning): CalibrationResult {
  const bins = binCountOf(binning)
  const edges = edgesOf(binning)
  const totals = Array.from({ length: bins }, (_, bin) => emptyRow(bin))
  for (const row of rows) {
    if (!Number.isInteger(row.bin) || row.bin < 0 || row.bin >= bins) {
      throw new RangeError(`bin ${row.bin} is outside 0…${bins - 1}`)
    }
    if (row.labeled > row.count) throw new RangeError(`bin ${row.bin}: labeled ${row.labeled} exceeds count ${row.count}`)
    if (row.weighted_correct_sum > row.weight_sum * (1 + WEIGHT_SUM_TOLERANCE)) {
      throw new RangeError(`bin ${row.bin}: weighted_correct_sum exceeds weight_sum`)
    }
    addInto(totals[row.bin], row)
  }

  const reliability = totals.map((row): ReliabilityBin => {
    const accuracy = accuracyOf(row)
    return {
      bin: row.bin,
      lower: edges[row.bin],
      upper: edges[row.bin + 1],
      count: row.count,
      labeled: row.labeled,
      mean_confidence: row.count === 0 ? null : row.sum_confidence / row.count,
      accuracy,
      accuracy_ci: weightedWilson(accuracy, row),
    }
  })

  const { ece, mce } = calibrationGaps(reliability)
  const weightSum = sumOf(totals, (row) => row.weight_sum)

  return {
    bins,
    strategy: binning.strategy,
    reliability,
    ece,
    mce,
    brier: weightSum === 0 ? null : sumOf(totals, (row) => row.weighted_brier_sum) / weightSum,
    predictions: sumOf(totals, (row) => row.count),
    labeled: sumOf(totals, (row) => row.labeled),
  }
}

// ---------------------------------------------------------------------------------------------
// The SPEC 3.2 answer from the SQL rows.

export interface CalibrationReportOptions {
  bins: number
  strategy: CalibrationStrategy
  interval: CalibrationInterval
  groupBy?: CalibrationGroupBy
}

/** 1970-01-01 was a Thursday: days since the epoch + 3, mod 7, is the ISO weekday − 1. */
const EPOCH_WEEKDAY_OFFSET = 3

/** The first day of the period holding a UTC day (days since the epoch): itself, or the Monday of its ISO week. */
function periodStart(day: number, interval: CalibrationInterval): number {
  return interval === 'day' ? day : day - ((day + EPOCH_WEEKDAY_OFFSET) % 7)
}

function dayString(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10)
}

/** The series periods that intersect [from, to): UTC days, or the Mondays of the ISO weeks. */
export function periodsInRange(from: number, to: number, interval: CalibrationInterval): string[] {
  const first = periodStart(Math.floor(from / MS_PER_DAY), interval)
  const step = interval === 'day' ? 1 : 7
  const periods: string[] = []
  for (let d = first; d * MS_PER_DAY < to; d += step) periods.push(dayString(d))
  return periods
}

/**
 * The binning of a population: equal-width, or equal-mass from its interior quantile edges. A
 * population without predictions has no quantiles; its (empty) bins are listed on equal-width edges.
 */
export function binningOf(options: CalibrationReportOptions, interiorEdges: readonly number[] | undefined): Binning {
  if (options.strategy === 'uniform') return { strategy: 'uniform', bins: options.bins }
  return { strategy: 'quantile', edges: interiorEdges ? [0, ...interiorEdges, 1] : uniformEdges(options.bins) }
}

/** A cell's sums as a CalibrationBinRow of bin `bin`. */
function binRowOf(cell: CalibrationCellRow, bin: number): CalibrationBinRow {
  const { count, sum_confidence, labeled, weight_sum, weight_sq_sum, weighted_correct_sum, weighted_brier_sum } = cell
  return { bin, count, sum_confidence, labeled, weight_sum, weight_sq_sum, weighted_correct_sum, weighted_brier_sum }
}

/** ECE and Brier per period over the cells of each (cells by bin `binOf`), every period of the range listed. */
function seriesOf(cells: readonly CalibrationCellRow[], binOf: (cell: CalibrationCellRow) => number, binning: Binning, periods: readonly string[]): CalibrationPeriod[] {
  const byPeriod = groupBy(cells, (cell) => cell.period)
  return periods.map((period): CalibrationPeriod => {
    const result = computeCalibration((byPeriod.get(period) ?? []).map((cell) => binRowOf(cell, binOf(cell))), binning)
    return { period, ece: result.ece, brier: result.brier, predictions: result.predictions, labeled: result.labeled }
  })
}

/** The earliest and latest day of some cells ('YYYY-MM-DD' sorts as it reads); nulls without days. */
function daySpan(cells: readonly CalibrationCellRow[]): { first_seen: string | null; last_seen: string | null } {
  let first: string | null = null
  let last: string | null = null
  for (const { first_day: firstDay, last_day: lastDay } of cells) {
    if (firstDay !== null && (first === null || firstDay < first)) first = firstDay
    if (lastDay !== null && (last === null || lastDay > last)) last = lastDay
  }
  return { first_seen: first, last_seen: last }
}

/**
 * Assembles SPEC 3.2 from the cells of one pass and, for the quantile strategy, the edges. Every
 * figure sums cells (computeCalibration adds the rows of a repeated bin): the overall calibration
 * over all cells by bin; ECE and Brier per period over that period's cells, with the overall bins so that periods are comparable; each group over its cells by the
 * group's own bin, with its own series and the first and last day it has cells (predictions); the
 * histogram by histogram bin; and a warning for labeled predictions left out for propensity 0.
 */
export function computeCalibrationReport(
  rows: { cells: readonly CalibrationCellRow[]; edges: readonly QuantileEdgesRow[] },
  options: CalibrationReportOptions,
  range: { from: number; to: number },
  filters: CalibrationResponse['filters'],
): CalibrationResponse {
  const overallEdges = rows.edges.find((row) => row.overall === 1)?.edges
  const binning = binningOf(options, overallEdges)
  const overall = computeCalibration(rows.cells.map((cell) => binRowOf(cell, cell.bin)), binning)

  // One pass over the cells (a filter per histogram bin cost 50 passes: ~200 ms over the 7,000
  // cells of a per-segment daily view on the demo).
  const histogram = uniformEdges(HISTOGRAM_BINS)
    .slice(0, -1)
    .map((lower, bin): HistogramBin => ({ bin, lower, upper: (bin + 1) / HISTOGRAM_BINS, count: 0, labeled: 0 }))
  for (const cell of rows.cells) {
    const bin = histogram[cell.hist_bin]
    if (!bin) throw new RangeError(`histogram bin ${cell.hist_bin} is outside 0…${HISTOGRAM_BINS - 1}`)
    bin.count += cell.count
    bin.labeled += cell.labeled
  }

  const periods = periodsInRange(range.from, range.to, options.interval)
  const series = seriesOf(rows.cells, (cell) => cell.bin, binning, periods)

  let groups: CalibrationResponse['groups']
  if (options.groupBy) {
    const groupEdges = new Map(rows.edges.filter((row) => row.overall === 0).map((row) => [row.key, row.edges]))
    groups = [...groupBy(rows.cells, (cell) => cell.group_key)]
      .sort(([a], [b]) => compareLabels(a, b))
      .map(([key, cells]) => {
        const groupBinning = binningOf(options, groupEdges.get(key))
        return {
          key,
          ...daySpan(cells),
          ...computeCalibration(
            cells.map((cell) => binRowOf(cell, cell.group_bin)),
            groupBinning,
          ),
          series: seriesOf(cells, (cell) => cell.group_bin, groupBinning, periods),
        }
      })
  }

  const zeroPropensity = sumOf(rows.cells, (cell) => cell.zero_propensity)
  const warnings: CalibrationWarning[] =
    zeroPropensity === 0
      ? []
      : [
          {
            code: 'zero_propensity',
            count: zeroPropensity,
            message: `${zeroPropensity} labeled prediction(s) have propensity 0 and no gold or downstream outcome: their weight 1/propensity is infinite, so they are left out of accuracy, ece, mce and brier.`,
          },
        ]

  return {
    filters,
    ...overall,
    interval: options.interval,
    group_by: options.groupBy ?? null,
    histogram,
    series,
    ...(groups ? { groups } : {}),
    warnings,
  }
}

function groupBy<R>(rows: readonly R[], key: (row: R) => string): Map<string, R[]> {
  const map = new Map<string, R[]>()
  for (const row of rows) {
    let list = map.get(key(row))
    if (!list) map.set(key(row), (list = []))
    list.push(row)
  }
  return map
}
