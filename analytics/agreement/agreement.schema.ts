// Agreement (SPEC 3.1): the request parameters, the rows the SQL side returns and the JSON answer.
import { z } from 'zod'
import { EchoedFilters } from '@/analytics/shared/echoed-filters'
import { MetricFilters } from '@/analytics/shared/filters.schema'

/** GET /api/v1/metrics/agreement parameters: every common filter (reviewer_id and queue select reviews). */
export const AgreementInput = MetricFilters
export type AgreementInput = z.infer<typeof AgreementInput>

const count = z.number().int().nonnegative()

/** Counted model–human pairs per review day and (model label, human label) cell. */
export const PairCellRow = z.object({ day: z.string(), model_label: z.string(), human_label: z.string(), count })
export type PairCellRow = z.infer<typeof PairCellRow>

/** Items (with ≥ 2 distinct reviewers) whose sorted labels form `labels`, and how many there are. */
export const UnitPatternRow = z.object({ labels: z.array(z.string()), units: count })
export type UnitPatternRow = z.infer<typeof UnitPatternRow>

/** Per reviewer counts over their counted reviews. */
export const ReviewerRow = z.object({
  reviewer_id: z.string(),
  reviews: count,
  agreeing_with_model: count,
  /** Reviews of items where the other reviewers hold a majority label, and those matching it. */
  majority_items: count,
  agreeing_with_majority: count,
  /** Reviews of items with a gold outcome, and those matching its label. */
  gold_items: count,
  gold_correct: count,
  /** quantileExactInclusive(0.5) of duration_ms; null when no review has a duration. */
  median_handle_ms: z.number().nullable(),
})
export type ReviewerRow = z.infer<typeof ReviewerRow>

/** The median handle time of a reviewer's counted reviews that carry a duration. */
export const MedianHandleRow = z.object({ reviewer_id: z.string(), median_handle_ms: z.number().nullable() })
export type MedianHandleRow = z.infer<typeof MedianHandleRow>

/** One row of the per-reviewer and unit query over review facts: a reviewer or a unit pattern (GROUPING SETS). */
export const AgreementAggregateRow = ReviewerRow.extend({
  set: z.enum(['reviewer', 'pattern']),
  pattern: z.array(z.string()),
  /** Items (pattern rows): counted once each. */
  units: count,
})
export type AgreementAggregateRow = z.infer<typeof AgreementAggregateRow>

/** A rate or coefficient of nothing is null (SPEC: 0 of 0 is null, never NaN). */
const Figure = z.number().nullable()

/** Rows are model labels, columns human labels, both in `labels` order. */
export const ConfusionMatrix = z.object({ labels: z.array(z.string()), matrix: z.array(z.array(z.number())) })
export type ConfusionMatrix = z.infer<typeof ConfusionMatrix>

/**
 * Krippendorff's alpha, Fleiss' kappa, Gwet's AC1 and pairwise agreement (SPEC 3.1) over `units`,
 * the items labeled by two or more reviewers (each with all of its counted reviews).
 */
export const InterReviewerFigures = z.object({
  units: z.number(),
  krippendorff_alpha: Figure,
  fleiss_kappa: Figure,
  gwet_ac1: Figure,
  pairwise_agreement: Figure,
  /**
   * Only under a `reviewer_id` filter, which narrows whose figures are shown, not the evidence:
   * that reviewer, whose items the units are (the items they took part in, with all of their
   * reviewers). Absent otherwise: the units are every item in view with 2+ reviewers.
   */
  units_with_reviewer: z.string().optional(),
})
export type InterReviewerFigures = z.infer<typeof InterReviewerFigures>

export const ReviewerAgreement = z.object({
  reviewer_id: z.string(),
  reviews: z.number(),
  agreement_with_model: Figure,
  agreement_with_majority: Figure,
  gold_accuracy: Figure,
  median_handle_ms: Figure,
})
export type ReviewerAgreement = z.infer<typeof ReviewerAgreement>

/** One UTC day of reviews (by review time). */
export const AgreementDay = z.object({ date: z.string(), reviewed: z.number(), agreement_rate: Figure, cohen_kappa: Figure })
export type AgreementDay = z.infer<typeof AgreementDay>

const { from, to, ...echoedNames } = EchoedFilters.shape
/** The echoed filters with the review filters, written before the range as `echoFilters` does. */
export const AgreementFilters = z.object({ ...echoedNames, reviewer_id: z.string().nullable(), queue: z.string().nullable(), from, to })

/**
 * GET /api/v1/metrics/agreement and `oversight metrics agreement` (SPEC 3.1), fields in the order
 * of the JSON: what `getAgreement` returns and what the page parses.
 */
export const AgreementResponse = z.object({
  filters: AgreementFilters,
  reviewed: z.number(),
  agreement_rate: Figure,
  /** Wilson 95 % interval of `agreement_rate`. */
  agreement_ci: z.object({ lower: z.number(), upper: z.number() }).nullable(),
  override_rate: Figure,
  cohen_kappa: Figure,
  confusion: ConfusionMatrix,
  /** The four SPEC figures, also at the top level. */
  krippendorff_alpha: Figure,
  fleiss_kappa: Figure,
  gwet_ac1: Figure,
  pairwise_agreement: Figure,
  inter_reviewer: InterReviewerFigures,
  reviewers: z.array(ReviewerAgreement),
  series: z.array(AgreementDay),
})
export type AgreementResponse = z.infer<typeof AgreementResponse>
