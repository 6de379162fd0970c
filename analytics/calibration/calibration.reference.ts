// Reference forms of the calibration binning over raw predictions, for the tests: the service
// bins in ClickHouse (calibration.sql.ts) and computeCalibration reads the per-bin sums; these
// compute the same sums and edges in memory, so the tests can compare the two. Imported by tests
// only (the lint rules keep production code from importing *.reference.ts).
import { quantileType7 } from '@/analytics/shared/stats.compute'
import type { CalibrationBinRow } from './calibration.schema'
import { binCountOf, binIndex, emptyRow, quantileBinIndex, type Binning } from './calibration.compute'

/** One prediction for `binPredictions`; `correct` is null when the prediction is not labeled. */
export interface CalibrationPrediction {
  confidence: number
  correct: boolean | null
  /** 1/propensity (or 1 for gold/downstream labels); only read for labeled predictions. */
  weight: number
}

/**
 * Equal-mass bin edges: 0, the type-7 quantiles of the confidences at levels k/bins for
 * k = 1…bins − 1 (ClickHouse `quantilesExactInclusive` at the same levels gives the same values),
 * and 1. Ties in the data can make interior edges coincide; the bins between them stay empty.
 * Null when there are no confidences to take quantiles of.
 */
export function quantileEdges(sortedConfidences: readonly number[], bins: number): number[] | null {
  binCountOf({ strategy: 'uniform', bins }) // checks the bin count
  if (sortedConfidences.length === 0) return null
  const interior = Array.from({ length: bins - 1 }, (_, i) => quantileType7(sortedConfidences, (i + 1) / bins)!)
  return [0, ...interior, 1]
}

/** The bin of a confidence under either strategy. */
function assignBin(c: number, binning: Binning): number {
  return binning.strategy === 'uniform' ? binIndex(c, binning.bins) : quantileBinIndex(c, binning.edges)
}

/**
 * The per-bin aggregates of raw predictions, as the SQL side computes them: one row per non-empty
 * bin, in bin order.
 */
export function binPredictions(predictions: readonly CalibrationPrediction[], binning: Binning): CalibrationBinRow[] {
  binCountOf(binning) // validates the binning before any prediction is placed
  const rows = new Map<number, CalibrationBinRow>()
  for (const { confidence, correct, weight } of predictions) {
    const bin = assignBin(confidence, binning)
    let row = rows.get(bin)
    if (!row) {
      row = emptyRow(bin)
      rows.set(bin, row)
    }
    row.count += 1
    row.sum_confidence += confidence
    if (correct === null) continue
    if (!(weight >= 0 && Number.isFinite(weight))) throw new RangeError(`weight must be finite and ≥ 0, got ${weight}`)
    const outcome = correct ? 1 : 0
    row.labeled += 1
    row.weight_sum += weight
    row.weight_sq_sum += weight * weight
    row.weighted_correct_sum += weight * outcome
    row.weighted_brier_sum += weight * (confidence - outcome) ** 2
  }
  return [...rows.values()].sort((a, b) => a.bin - b.bin)
}
