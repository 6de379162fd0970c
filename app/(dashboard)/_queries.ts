import { queryOptions } from '@tanstack/react-query'
import { z } from 'zod'
import { apiGet } from '@/lib/api-client'

/** The filters a metrics response echoes (null for "all"); `from`/`to` are the range applied, half-open, ISO UTC. */
export const EchoedFilters = z.object({
  model: z.string().nullable().optional(),
  segment: z.string().nullable().optional(),
  model_version: z.string().nullable().optional(),
  from: z.string().nullable().optional(),
  to: z.string().nullable().optional(),
})

/** GET /api/v1/meta/filters: what the filter bar can offer. Timestamps are ISO-8601 UTC. */
export const MetaFiltersResponse = z.object({
  models: z.array(
    z.object({
      model: z.string(),
      segments: z.array(z.string()),
      versions: z.array(z.string()),
      first_ts: z.string().nullable(),
      last_ts: z.string().nullable(),
    }),
  ),
})
export type MetaFiltersResponse = z.infer<typeof MetaFiltersResponse>
export type MetaModel = MetaFiltersResponse['models'][number]

/** Models, segments and versions change only with new telemetry: five minutes is fresh enough. */
const META_STALE_TIME_MS = 5 * 60_000

export function metaFiltersQueryOptions() {
  return queryOptions({
    queryKey: ['meta', 'filters'],
    queryFn: ({ signal }) => apiGet('/api/v1/meta/filters', {}, MetaFiltersResponse, { signal }),
    staleTime: META_STALE_TIME_MS,
  })
}
