// Agreement (SPEC 3.1): the request parameters, the rows the SQL side returns and the JSON answer.
import { z } from 'zod'
import { MetricFilters } from '@/analytics/shared/filters.schema'
import type { Interval } from '@/analytics/shared/stats.compute'
import type { ConfusionMatrix } from './agreement.compute'

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

export interface ReviewerAgreement {
  reviewer_id: string
  reviews: number
  agreement_with_model: number | null
  agreement_with_majority: number | null
  gold_accuracy: number | null
  median_handle_ms: number | null
}

export interface InterReviewerFigures {
  units: number
  krippendorff_alpha: number | null
  fleiss_kappa: number | null
  gwet_ac1: number | null
  pairwise_agreement: number | null
}

export interface AgreementDay {
  date: string
  reviewed: number
  agreement_rate: number | null
  cohen_kappa: number | null
}

export interface AgreementResult {
  filters: {
    model: string | null
    segment: string | null
    model_version: string | null
    reviewer_id: string | null
    queue: string | null
    from: string
    to: string
  }
  reviewed: number
  agreement_rate: number | null
  agreement_ci: Interval | null
  override_rate: number | null
  cohen_kappa: number | null
  confusion: ConfusionMatrix
  /** The four SPEC figures, also at the top level. */
  krippendorff_alpha: number | null
  fleiss_kappa: number | null
  gwet_ac1: number | null
  pairwise_agreement: number | null
  inter_reviewer: InterReviewerFigures
  reviewers: ReviewerAgreement[]
  series: AgreementDay[]
}
