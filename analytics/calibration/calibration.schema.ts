// Calibration (SPEC 3.2): bin settings, the request parameters, the per-bin aggregate rows that the
// SQL side returns and `computeCalibration` consumes, and the JSON answer.
import { z } from 'zod'
import { EchoedFilters } from '@/analytics/shared/echoed-filters'
import { MetricFilters } from '@/analytics/shared/filters.schema'

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
const BinSums = z.object({
  bin: count,
  count,
  sum_confidence: nonNegative,
  labeled: count,
  weight_sum: nonNegative,
  weight_sq_sum: nonNegative,
  weighted_correct_sum: nonNegative,
  weighted_brier_sum: nonNegative,
})
/** The two checks of every bin's sums, for CalibrationBinRow and CalibrationCellRow alike. */
function withBinChecks<S extends z.ZodType<z.infer<typeof BinSums>>>(schema: S) {
  return schema
    .refine((row) => row.labeled <= row.count, { message: 'labeled must not exceed count', path: ['labeled'] })
    .refine((row) => row.weighted_correct_sum <= row.weight_sum * (1 + WEIGHT_SUM_TOLERANCE), {
      message: 'weighted_correct_sum must not exceed weight_sum',
      path: ['weighted_correct_sum'],
    })
}
export const CalibrationBinRow = withBinChecks(BinSums)
export type CalibrationBinRow = z.infer<typeof CalibrationBinRow>

/** Periods of the ECE/Brier series: UTC days, or ISO weeks (starting Monday, labeled by that Monday). */
export const CalibrationInterval = z.enum(['day', 'week'])
export type CalibrationInterval = z.infer<typeof CalibrationInterval>

/**
 * Prediction columns that `group_by` may split the calibration by (side by side, SPEC 3.2): the
 * models of the view (all models at once, as the Overview's ECE per model reads them), a model's
 * versions, or its segments.
 */
export const CalibrationGroupBy = z.enum(['model', 'model_version', 'segment'])
export type CalibrationGroupBy = z.infer<typeof CalibrationGroupBy>

/** Fine equal-width bins of the confidence histogram. */
export const HISTOGRAM_BINS = 50

/** `bins` as a query parameter: a plain decimal integer from MIN_BINS to MAX_BINS. */
const BinsParameter = z
  .string()
  .regex(/^\d{1,3}$/, `must be an integer from ${MIN_BINS} to ${MAX_BINS}`)
  .transform(Number)
  .pipe(z.number().int().min(MIN_BINS, `must be an integer from ${MIN_BINS} to ${MAX_BINS}`).max(MAX_BINS, `must be an integer from ${MIN_BINS} to ${MAX_BINS}`))

/** GET /api/v1/metrics/calibration parameters: the prediction filters and the bin options. */
export const CalibrationInput = MetricFilters.pick({ model: true, model_version: true, segment: true, from: true, to: true }).extend({
  bins: BinsParameter.default(DEFAULT_BINS),
  strategy: CalibrationStrategy.default('uniform'),
  group_by: CalibrationGroupBy.optional(),
  interval: CalibrationInterval.default('day'),
})
export type CalibrationInput = z.infer<typeof CalibrationInput>

/**
 * Sums over the predictions of one cell (period, bin, histogram bin[, group, group bin]); group_key
 * is '' and group_bin = bin without `group_by`. zero_propensity: labeled predictions left out.
 * first_day/last_day (with `group_by` only, else null): the cell's first and last UTC day
 * (YYYY-MM-DD) with predictions, for the groups' first_seen/last_seen.
 */
// One object schema, not an intersection with CalibrationBinRow: zod merges an intersection's two
// parses into objects that read ~5× slower (the compute over a per-segment daily view's 7,000
// cells: ~75 ms against ~14 ms), and the merge itself cost as much again.
export const CalibrationCellRow = withBinChecks(
  BinSums.extend({
    period: z.string(),
    hist_bin: count,
    group_key: z.string(),
    group_bin: count,
    zero_propensity: count,
    first_day: z.string().nullable(),
    last_day: z.string().nullable(),
  }),
)
export type CalibrationCellRow = z.infer<typeof CalibrationCellRow>

/** Interior equal-mass edges (levels k/bins, k = 1…bins − 1) of the whole population (`overall` 1) or of one group. */
export const QuantileEdgesRow = z.object({ overall: z.number().int(), key: z.string(), edges: z.array(z.number()) })
export type QuantileEdgesRow = z.infer<typeof QuantileEdgesRow>

// The JSON answer (SPEC 3.2), fields in the order of the JSON: what `getCalibration` returns and
// what the page parses.

/** A figure of 0 labeled predictions is null (SPEC: 0 of 0 is null, never NaN). */
const Figure = z.number().nullable()

/** One bin of the reliability table. */
export const ReliabilityBin = z.object({
  bin: z.number(),
  lower: z.number(),
  upper: z.number(),
  count: z.number(),
  labeled: z.number(),
  mean_confidence: Figure,
  accuracy: Figure,
  /** Wilson 95 % interval on `accuracy` at the Kish effective sample size (Σw)²/Σw². */
  accuracy_ci: z.object({ lower: z.number(), upper: z.number() }).nullable(),
})
export type ReliabilityBin = z.infer<typeof ReliabilityBin>

/** The calibration of one population: the whole view, or one group of it. */
export const CalibrationResult = z.object({
  bins: z.number(),
  strategy: CalibrationStrategy,
  reliability: z.array(ReliabilityBin),
  ece: Figure,
  mce: Figure,
  brier: Figure,
  predictions: z.number(),
  labeled: z.number(),
})
export type CalibrationResult = z.infer<typeof CalibrationResult>

/** One fine bin of the confidence histogram. */
export const HistogramBin = z.object({ bin: z.number(), lower: z.number(), upper: z.number(), count: z.number(), labeled: z.number() })
export type HistogramBin = z.infer<typeof HistogramBin>

/** One UTC day or ISO week (`period` is its first day, YYYY-MM-DD; weeks start on Monday). */
export const CalibrationPeriod = z.object({ period: z.string(), ece: Figure, brier: Figure, predictions: z.number(), labeled: z.number() })
export type CalibrationPeriod = z.infer<typeof CalibrationPeriod>

/** Data the figures had to leave out: labeled predictions with propensity 0 (no weight 1/0). */
export const CalibrationWarning = z.object({ code: z.enum(['zero_propensity']), count: z.number(), message: z.string() })
export type CalibrationWarning = z.infer<typeof CalibrationWarning>

/**
 * One model, model_version or segment when the request has `group_by`: when it was seen, its
 * calibration on its own bins, and its ECE and Brier per period (the same periods as `series`).
 * `first_seen`/`last_seen`: the UTC days (YYYY-MM-DD) of the group's earliest and latest
 * prediction in the range (the items' latest predictions, as everywhere in SPEC 3.2), so a
 * version's roll-out shows as the day it first appears; days, because the per-day rollups the
 * figures are read from keep days.
 */
export const CalibrationGroup = z.object({
  key: z.string(),
  first_seen: z.string().nullable(),
  last_seen: z.string().nullable(),
  ...CalibrationResult.shape,
  series: z.array(CalibrationPeriod),
})
export type CalibrationGroup = z.infer<typeof CalibrationGroup>

/** GET /api/v1/metrics/calibration and `oversight metrics calibration`; `groups` only with `group_by`. */
export const CalibrationResponse = z.object({
  filters: EchoedFilters,
  ...CalibrationResult.shape,
  interval: CalibrationInterval,
  group_by: CalibrationGroupBy.nullable(),
  histogram: z.array(HistogramBin),
  series: z.array(CalibrationPeriod),
  groups: z.array(CalibrationGroup).optional(),
  warnings: z.array(CalibrationWarning),
})
export type CalibrationResponse = z.infer<typeof CalibrationResponse>
