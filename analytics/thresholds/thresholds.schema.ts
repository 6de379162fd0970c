// Escalation thresholds (SPEC §3.4): the request parameters of the recommendation and the
// what-if, and the rows the SQL side returns. The answers' types live with the pure computation.
import { z } from 'zod'
import { EchoedFilters } from '@/analytics/shared/echoed-filters'
import { MetricFilters } from '@/analytics/shared/filters.schema'
import { BoundMethod } from './bounds.compute'
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

// The answers (SPEC §3.4 names). The services' result types are inferred from these, so a page
// parses exactly the JSON the server writes.

const rate = z.number().nullable()
const BoundMethodSchema = z.enum(BoundMethod)

/** One candidate of the trade-off curve: its counts at or above it, estimate, bound and automation. */
export const CurvePoint = z.object({
  threshold: z.number(),
  predictions: count,
  labeled: count,
  errors: count,
  automation_rate: rate,
  risk_estimate: rate,
  risk_upper: rate,
  /** What happened to the candidate in the walk; `not_tested`: below the first failure. */
  status: z.enum(['skipped', 'passed', 'failed', 'not_tested']),
  /** Why it was skipped: too few labels at or above it, or zero errors would not pass either. */
  skip_reason: z.enum(['min_labeled', 'zero_errors_cannot_pass']).nullable(),
})
export type CurvePoint = z.infer<typeof CurvePoint>

/** Why nothing passed: no candidate had labels enough to be tested, or the first one tested failed. */
export const InfeasibleReason = z.enum(['not_enough_labels', 'target_too_strict'])
export type InfeasibleReason = z.infer<typeof InfeasibleReason>

export const ThresholdRecommendation = z.object({
  /** The last candidate that passed; null when none did. */
  threshold: z.number().nullable(),
  feasible: z.boolean(),
  reason: InfeasibleReason.nullable(),
  /** A plain sentence on why nothing passed; null when feasible. */
  note: z.string().nullable(),
  method: BoundMethodSchema,
  target_error: z.number(),
  delta: z.number(),
  min_labeled: count,
  /** Share of the window's predictions with confidence ≥ threshold (0 when infeasible: all reviewed). */
  automation_rate: rate,
  escalations_per_day: z.number(),
  reviewer_hours_per_day: rate,
  /** Risk(t) at the threshold: estimate and bound at level 1 − δ; null when infeasible. */
  risk_estimate: rate,
  risk_upper: rate,
  /** Labeled predictions and their errors at or above the threshold (the whole window's when infeasible). */
  labeled: count,
  errors: count,
  predictions: count,
  /** With capacity_per_day: whether the escalations exceed it, and the reviewer-hours per day missing. */
  capacity_per_day: z.number().nullable(),
  capacity_binds: z.boolean().nullable(),
  missing_reviewer_hours_per_day: rate,
  /** Every candidate from 1.000 down to 0.000. */
  curve: z.array(CurvePoint),
})
export type ThresholdRecommendation = z.infer<typeof ThresholdRecommendation>

/** One row of the per-segment table: the segment's own result, or the model's when its labels are too few. */
export const SegmentRecommendation = z.object({
  segment: z.string(),
  /** `segment`: certified on the segment's own labels; `model`: the model-level threshold, with `note`. */
  source: z.enum(['segment', 'model']),
  note: z.string().nullable(),
  threshold: z.number().nullable(),
  feasible: z.boolean(),
  reason: InfeasibleReason.nullable(),
  method: BoundMethodSchema,
  /** At the threshold, within the segment. */
  automation_rate: rate,
  escalations_per_day: z.number(),
  risk_estimate: rate,
  /** The bound at the threshold on the segment's own labels; null on the model's threshold (not certified per segment). */
  risk_upper: rate,
  labeled: count,
  errors: count,
  predictions: count,
})
export type SegmentRecommendation = z.infer<typeof SegmentRecommendation>

/** Labels projected to certify a candidate, and what they take at the current audit rate. */
export const LabelProjection = z.object({
  threshold: z.number(),
  /** More labeled audit draws needed at or above the threshold; 0 when it passes already; null when no number would do. */
  labels_needed: count.nullable(),
  /** labels_needed / audit labels per day at the current rate; null without audit labels in the window. */
  days_needed: rate,
  note: z.string(),
})
export type LabelProjection = z.infer<typeof LabelProjection>

export const LabelEfficiency = z.object({
  /** The audit rate of the projection, and its labeled audit draws per day at or above the recommendation. */
  audit_rate: rate,
  audit_labels_per_day: rate,
  /** The candidate just below the recommendation (the top one when nothing passed). */
  next: LabelProjection.nullable(),
  /** The chosen threshold and days (certify_threshold, certify_days) and the audit rate that would certify it in that time. */
  certify: LabelProjection.extend({ days: z.number(), audit_rate_needed: rate }).nullable(),
})
export type LabelEfficiency = z.infer<typeof LabelEfficiency>

/** The error of auto-accepted predictions from the audit draws, with an interval at level 1 − δ (two-sided). */
export const AuditError = z.object({
  /** Auto-accepted predictions (route auto or audit): the population. */
  accepted: count,
  /** Audit draws, and those with a reference label. */
  audited: count,
  labeled: count,
  errors: count,
  /** Weighted (1/propensity per stratum) error rate; null (unknown, never 0) without labeled audit draws. */
  estimate: rate,
  lower: rate,
  upper: rate,
  method: z.enum([...BoundMethod, 'unknown']),
})
export type AuditError = z.infer<typeof AuditError>

export const ProductionError = AuditError.extend({
  segments: z.array(AuditError.extend({ segment: z.string() })),
  /** Per UTC day of the window, oldest first. */
  series: z.array(AuditError.extend({ day: z.string() })),
})
export type ProductionError = z.infer<typeof ProductionError>

const Window = z.object({ from: z.string(), to: z.string() })

/** SPEC §3.4's drift of the window against the one of equal length before it. */
export const Drift = z.object({
  psi: rate,
  ece_recent: rate,
  ece_before: rate,
  auto_error_recent: rate,
  auto_error_before: rate,
  stale: z.boolean(),
  reasons: z.array(z.string()),
  recent: Window,
  before: Window,
})
export type Drift = z.infer<typeof Drift>

/** GET /api/v1/thresholds/recommendation. */
export const RecommendationResponse = ThresholdRecommendation.extend({
  filters: EchoedFilters,
  window_days: z.number(),
  /** The audit rate in the escalations per day (given, or the one logged last in the window; 0 without). */
  audit_rate: z.number(),
  mean_handle_seconds: rate,
  /** Whose labels the result rests on: the segment asked for, or the model's (every segment, or the fallback). */
  scope: z.enum(['model', 'segment']),
  /** Set when a segment was asked for and its labels were too few: the model-level result stands in. */
  fallback_note: z.string().nullable(),
  /** The guarantee in words; null when nothing passed. */
  guarantee: z.string().nullable(),
  segments: z.array(SegmentRecommendation),
  label_efficiency: LabelEfficiency,
  production_error: ProductionError,
  drift: Drift,
})
export type RecommendationResponse = z.infer<typeof RecommendationResponse>

/** GET /api/v1/thresholds/what-if: threshold → escalations → reviewer-hours and reviewers on shift → SLA → risk. */
export const WhatIfResponse = z.object({
  filters: EchoedFilters,
  window_days: z.number(),
  threshold: z.number(),
  audit_rate: z.number(),
  target_error: z.number(),
  delta: z.number(),
  /** Share of the window's predictions at or above the threshold. */
  automation_rate: rate,
  /** Below the threshold, plus the audit draws of what lies at or above it. */
  escalations_per_day: z.number(),
  mean_handle_seconds: rate,
  target_occupancy: z.number(),
  reviewer_hours_per_day: rate,
  /** Erlang C at the day's mean arrival rate: reviewers on shift to answer sla_target of items within the SLA. */
  arrivals_per_hour: z.number(),
  sla_minutes: z.number(),
  sla_target: z.number(),
  reviewers_needed: count.nullable(),
  /** Mean reviewers staffed per hour from the capacity settings; null when none are configured. */
  reviewers_staffed: rate,
  /** Expected share answered within the SLA with the staffed reviewers (or, without settings, with those needed). */
  expected_sla_attainment: rate,
  risk_estimate: rate,
  risk_upper: rate,
  /** Whether the bound at this threshold is within the target (a point read off the curve, not the walk's certification). */
  within_target: z.boolean().nullable(),
  predictions: count,
  labeled: count,
  errors: count,
  method: BoundMethodSchema,
})
export type WhatIfResponse = z.infer<typeof WhatIfResponse>
