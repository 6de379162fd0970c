import { queryOptions } from '@tanstack/react-query'
import { z } from 'zod'
import { apiGet } from '@/lib/api-client'
import type { ApiFilters } from '@/lib/filters'
import { EchoedFilters } from '../_queries'
import type { AgreementApiOptions } from './_components/agreement-options'

/** A rate or coefficient of nothing is null (SPEC: 0 of 0 is null, never NaN). */
const Figure = z.number().nullable()
const Count = z.number()

/** Krippendorff's alpha, Fleiss' kappa, Gwet's AC1 and pairwise agreement (SPEC §3.1). */
const InterReviewerFigures = z.object({
  krippendorff_alpha: Figure,
  fleiss_kappa: Figure,
  gwet_ac1: Figure,
  pairwise_agreement: Figure,
})

/** The inter-reviewer figures over `units`, the items labeled by two or more reviewers. */
export const InterReviewer = InterReviewerFigures.extend({ units: Count })
export type InterReviewer = z.infer<typeof InterReviewer>

export const ReviewerAgreement = z.object({
  reviewer_id: z.string(),
  reviews: Count,
  agreement_with_model: Figure,
  agreement_with_majority: Figure,
  gold_accuracy: Figure,
  median_handle_ms: Figure,
})
export type ReviewerAgreement = z.infer<typeof ReviewerAgreement>

/** One UTC day of reviews (by review time). */
export const AgreementDay = z.object({
  date: z.string(),
  reviewed: Count,
  agreement_rate: Figure,
  cohen_kappa: Figure.optional().default(null),
})
export type AgreementDay = z.infer<typeof AgreementDay>

/** Rows are model labels, columns human labels, both in `labels` order. */
export const Confusion = z.object({ labels: z.array(z.string()), matrix: z.array(z.array(Count)) })
export type Confusion = z.infer<typeof Confusion>

/** GET /api/v1/metrics/agreement (SPEC §3.1). `filters` echoes the range applied, half-open, ISO UTC. */
export const AgreementResponse = z.object({
  filters: EchoedFilters.extend({
    reviewer_id: z.string().nullable().optional(),
    queue: z.string().nullable().optional(),
  }),
  reviewed: Count,
  agreement_rate: Figure,
  agreement_ci: z.object({ lower: z.number(), upper: z.number() }).nullable(),
  override_rate: Figure,
  cohen_kappa: Figure,
  confusion: Confusion,
  ...InterReviewerFigures.shape,
  inter_reviewer: InterReviewer,
  reviewers: z.array(ReviewerAgreement),
  series: z.array(AgreementDay),
})
export type AgreementResponse = z.infer<typeof AgreementResponse>

export function agreementQueryOptions(filters: ApiFilters, options: AgreementApiOptions) {
  return queryOptions({
    // Filters and options are part of the key in a fixed shape, so equal views share one cache entry.
    queryKey: ['metrics', 'agreement', filters, options] as const,
    queryFn: ({ signal }) => apiGet('/api/v1/metrics/agreement', { ...filters, ...options }, AgreementResponse, { signal }),
  })
}
