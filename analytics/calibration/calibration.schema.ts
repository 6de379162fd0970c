// Calibration (SPEC 3.2): bin settings and the per-bin aggregate row that the SQL side returns and
// `computeCalibration` consumes.
import { z } from 'zod'

/** SPEC 3.2: `bins` defaults to 10 and is allowed from 2 to 50. */
export const DEFAULT_BINS = 10
export const MIN_BINS = 2
export const MAX_BINS = 50

/** `uniform`: equal-width bins on [0, 1] (the default); `quantile`: equal-mass bins. */
export const CalibrationStrategy = z.enum(['uniform', 'quantile'])
export type CalibrationStrategy = z.infer<typeof CalibrationStrategy>

/**
 * Σ w·correct and Σ w are summed separately (and in ClickHouse in no fixed order), so the first
 * may exceed the second by rounding when every labeled prediction is correct.
 */
export const WEIGHT_SUM_TOLERANCE = 1e-9

const count = z.number().int().nonnegative()
// zod 4 numbers already reject ±Infinity and NaN.
const nonNegative = z.number().nonnegative()

/**
 * One confidence bin of one population, aggregated in ClickHouse. Sums over the bin's predictions
 * (all of them: the population) and over its labeled predictions (w = weight, 1/propensity or 1
 * for gold/downstream labels; correct ∈ {0, 1}; c = confidence):
 * - `count`, `sum_confidence`: all predictions in the bin, Σ c.
 * - `labeled`: labeled predictions; `weight_sum` Σ w, `weight_sq_sum` Σ w² (for the Kish
 *   effective sample size of the accuracy interval), `weighted_correct_sum` Σ w·correct,
 *   `weighted_brier_sum` Σ w·(c − correct)².
 * Bins with no prediction may be absent; repeated bins are added up (every field is a sum).
 */
export const CalibrationBinRow = z
  .object({
    bin: count,
    count,
    sum_confidence: nonNegative,
    labeled: count,
    weight_sum: nonNegative,
    weight_sq_sum: nonNegative,
    weighted_correct_sum: nonNegative,
    weighted_brier_sum: nonNegative,
  })
  .refine((row) => row.labeled <= row.count, { message: 'labeled must not exceed count', path: ['labeled'] })
  .refine((row) => row.weighted_correct_sum <= row.weight_sum * (1 + WEIGHT_SUM_TOLERANCE), {
    message: 'weighted_correct_sum must not exceed weight_sum',
    path: ['weighted_correct_sum'],
  })
export type CalibrationBinRow = z.infer<typeof CalibrationBinRow>
