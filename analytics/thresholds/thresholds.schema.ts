// Escalation thresholds (SPEC §3.4): the request parameters of the recommendation and the
// what-if, and the rows the SQL side returns. The answers' types live with the pure computation.
import { z } from 'zod'
import { MetricFilters } from '@/analytics/shared/filters.schema'
import { DEFAULT_DELTA, DEFAULT_MIN_LABELED, DEFAULT_TARGET_ERROR } from './recommend.compute'

/** A decimal number as a query parameter (no exponent, no hex: `0.02`, `1500`). */
const decimal = (range: string) =>
  z
    .string()
    .regex(/^\d{1,12}(\.\d{1,12})?$/, `must be a decimal number ${range}`)
    .transform(Number)

/** A rate strictly between 0 and 1. */
const OpenRate = decimal('between 0 and 1 (exclusive), e.g. 0.02').pipe(
  z.number().gt(0, 'must be between 0 and 1 (exclusive), e.g. 0.02').lt(1, 'must be between 0 and 1 (exclusive), e.g. 0.02'),
)
/** A rate from 0 to 1 inclusive. */
const ClosedRate = decimal('from 0 to 1, e.g. 0.05').pipe(z.number().min(0, 'must be from 0 to 1, e.g. 0.05').max(1, 'must be from 0 to 1, e.g. 0.05'))
/** A threshold on the 0.001 grid, from 0 to 1. */
const Threshold = decimal('from 0 to 1 on the 0.001 grid, e.g. 0.95').pipe(
  z
    .number()
    .min(0, 'must be from 0 to 1, e.g. 0.95')
    .max(1, 'must be from 0 to 1, e.g. 0.95')
    .refine((t) => Math.abs(t * 1000 - Math.round(t * 1000)) < 1e-9, 'must be a multiple of 0.001 (the candidates of SPEC §3.4)'),
)
const Count = (what: string) =>
  z
    .string()
    .regex(/^\d{1,9}$/, `must be a whole number of ${what}`)
    .transform(Number)
const NonNegative = decimal('≥ 0').pipe(z.number().min(0))
const Days = decimal('of days > 0, e.g. 7').pipe(z.number().gt(0, 'must be a number of days > 0, e.g. 7').max(400, 'must be at most 400 days'))

const RequiredModel = z.string({ error: 'required: the model whose threshold is meant' }).min(1, 'must not be empty').max(128, 'must be at most 128 characters')

/** The prediction filters a threshold is computed for: one model, optionally a segment and version, the window. */
const ThresholdFilters = MetricFilters.pick({ segment: true, model_version: true, from: true, to: true }).extend({ model: RequiredModel })

/**
 * GET /api/v1/thresholds/recommendation parameters (SPEC §3.4). Without `from`/`to` the window is
 * the 14 days up to the model's latest prediction. `audit_rate`: the audit rate the policy would
 * run with, for the escalations per day (default the latest one logged in the window).
 * `certify_threshold` and `certify_days`: the label-efficiency question "what audit rate would
 * certify this threshold within this many days?" (default the candidate just below the
 * recommendation, within 7 days).
 */
export const RecommendationInput = ThresholdFilters.extend({
  target_error: OpenRate.default(DEFAULT_TARGET_ERROR),
  delta: OpenRate.default(DEFAULT_DELTA),
  min_labeled: Count('labeled predictions, e.g. 200').default(DEFAULT_MIN_LABELED),
  capacity_per_day: NonNegative.optional(),
  audit_rate: ClosedRate.optional(),
  certify_threshold: Threshold.optional(),
  certify_days: Days.default(7),
})
export type RecommendationInput = z.infer<typeof RecommendationInput>

/**
 * GET /api/v1/thresholds/what-if parameters (SPEC §3.4): a threshold and an audit rate (default the
 * latest logged), with the bound's target and level for the risk figures.
 */
export const WhatIfInput = ThresholdFilters.extend({
  threshold: Threshold,
  audit_rate: ClosedRate.optional(),
  target_error: OpenRate.default(DEFAULT_TARGET_ERROR),
  delta: OpenRate.default(DEFAULT_DELTA),
})
export type WhatIfInput = z.infer<typeof WhatIfInput>

const count = z.number().int()

/**
 * Counts of one segment's predictions in one 0.001 confidence cell with one logged propensity and
 * route, over the window (sums of sign rows; see migration 0016).
 */
export const SegmentCellRow = z.object({
  segment: z.string(),
  route: z.enum(['auto', 'review', 'audit']),
  propensity: z.number(),
  cell: count,
  predictions: count,
  labeled: count,
  errors: count,
})
export type SegmentCellRow = z.infer<typeof SegmentCellRow>

/** The window's workload figures of a model: mean handle time of first reviews, latest logged audit rate. */
export const ModelContextRow = z.object({
  handle_mean_ms: z.number().nullable(),
  audit_rate: z.number().nullable(),
})
export type ModelContextRow = z.infer<typeof ModelContextRow>

/** The audit sample of one day, segment and propensity: auto-accepted predictions (route auto or audit), audit draws labeled, errors among them. */
export const AuditDayRow = z.object({
  day: z.string(),
  segment: z.string(),
  propensity: z.number(),
  accepted: count,
  audited: count,
  labeled: count,
  errors: count,
})
export type AuditDayRow = z.infer<typeof AuditDayRow>

/** Per 10-bin of confidence (SPEC 3.2 bins) in one of the drift's two windows: the sums ECE and PSI need. */
export const DriftBinRow = z.object({
  recent: z.number().int(),
  bin: count,
  predictions: count,
  confidence_sum: z.number(),
  labeled: count,
  weight_sum: z.number(),
  weighted_correct_sum: z.number(),
})
export type DriftBinRow = z.infer<typeof DriftBinRow>
