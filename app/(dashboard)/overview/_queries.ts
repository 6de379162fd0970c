import { queryOptions } from '@tanstack/react-query'
import { z } from 'zod'
import { apiGet } from '@/lib/api-client'
import type { ApiFilters } from '@/lib/filters'
import { EchoedFilters } from '../_queries'

/** A rate of 0 of 0 is null (SPEC), never NaN. */
const Rate = z.number().nullable()
const Count = z.number()

/** The figures of SPEC §3.0, for a whole range, a day or a model. */
const OverviewFigures = z.object({
  predictions: Count,
  escalated: Count,
  escalation_rate: Rate,
  audited: Count,
  automation_rate: Rate,
  reviews: Count,
  labeled: Count,
  agreement_rate: Rate,
  /** Open escalated items at the end of the range (or day); null for days after the range or after now. */
  backlog: Count.nullable(),
})

/** One UTC day; `backlog` is the backlog at the end of that day. */
export const OverviewDay = OverviewFigures.extend({ date: z.string() })
export type OverviewDay = z.infer<typeof OverviewDay>

export const OverviewModel = OverviewFigures.extend({
  model: z.string(),
  series: z.array(OverviewDay).default([]),
})
export type OverviewModel = z.infer<typeof OverviewModel>

/** GET /api/v1/metrics/overview (SPEC §3.0). `filters` echoes the range applied, half-open, ISO UTC. */
export const OverviewResponse = OverviewFigures.extend({
  filters: EchoedFilters,
  series: z.array(OverviewDay),
  models: z.array(OverviewModel).default([]),
})
export type OverviewResponse = z.infer<typeof OverviewResponse>

export function overviewQueryOptions(filters: ApiFilters) {
  return queryOptions({
    // Filters are part of the key in a fixed shape, so equal views share one cache entry.
    queryKey: ['metrics', 'overview', filters] as const,
    queryFn: ({ signal }) => apiGet('/api/v1/metrics/overview', { ...filters }, OverviewResponse, { signal }),
  })
}
