import { queryOptions } from '@tanstack/react-query'
import { z } from 'zod'
import { apiGet, type QueryParams, type ResponseSchema } from '@/lib/api-client'
import type { ApiFilters } from '@/lib/filters'
import { AgreementResponse } from '@/analytics/agreement/agreement.schema'
import { CalibrationResponse } from '@/analytics/calibration/calibration.schema'
import { OverviewResponse } from '@/analytics/overview/overview.schema'
import { WorkloadResponse } from '@/analytics/workload/workload.schema'
import { RecommendationResponse, WhatIfResponse } from '@/analytics/thresholds/thresholds.schema'

/**
 * Each metric family's response schema, from its analytics/<family>/<family>.schema.ts: the one
 * its service's result type is inferred from, so a page parses exactly the JSON the server writes.
 * A new family page is one line here.
 */
const RESPONSE_SCHEMAS = {
  overview: OverviewResponse,
  agreement: AgreementResponse,
  calibration: CalibrationResponse,
  workload: WorkloadResponse,
}

export type MetricFamily = keyof typeof RESPONSE_SCHEMAS
export type MetricResponse<F extends MetricFamily> = z.infer<(typeof RESPONSE_SCHEMAS)[F]>

/** RESPONSE_SCHEMAS as a mapped type: indexed with a generic family, it keeps that family's response type. */
export const METRIC_RESPONSES: { [F in MetricFamily]: ResponseSchema<MetricResponse<F>> } = RESPONSE_SCHEMAS

/** A family's own query parameters (calibration's `bins`, agreement's `reviewer_id`…), sent after the filters. */
export type MetricParams = Readonly<Record<string, QueryParams[string]>>

/**
 * GET /api/v1/metrics/<family> for the filters and the family's parameters, parsed with its
 * response schema. Filters and parameters are part of the key in a fixed shape, so equal views
 * share one cache entry.
 */
export function metricQueryOptions<F extends MetricFamily>(family: F, filters: ApiFilters, params: MetricParams = {}) {
  return queryOptions({
    queryKey: ['metrics', family, filters, params] as const,
    queryFn: ({ signal }) => apiGet(`/api/v1/metrics/${family}`, { ...filters, ...params }, METRIC_RESPONSES[family], { signal }),
  })
}

/** GET /api/v1/meta/filters: what the filter bar (and the pages' review filters) can offer. Timestamps are ISO-8601 UTC. */
export const MetaFiltersResponse = z.object({
  models: z.array(
    z.object({
      model: z.string(),
      segments: z.array(z.string()),
      versions: z.array(z.string()),
      /** Review queues of the model (a server before them answers none). */
      queues: z.array(z.string()).default([]),
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

/** The threshold reads of SPEC §3.4 (GET /api/v1/thresholds/<name>) and their response schemas. */
const THRESHOLD_RESPONSES = {
  recommendation: RecommendationResponse,
  'what-if': WhatIfResponse,
}
export type ThresholdRead = keyof typeof THRESHOLD_RESPONSES
export type ThresholdResponse<R extends ThresholdRead> = z.infer<(typeof THRESHOLD_RESPONSES)[R]>
const THRESHOLD_SCHEMAS: { [R in ThresholdRead]: ResponseSchema<ThresholdResponse<R>> } = THRESHOLD_RESPONSES

/** GET /api/v1/thresholds/<read> for the filters and its parameters (target_error, threshold…), parsed with its schema. */
export function thresholdQueryOptions<R extends ThresholdRead>(read: R, filters: ApiFilters, params: MetricParams = {}) {
  return queryOptions({
    queryKey: ['thresholds', read, filters, params] as const,
    queryFn: ({ signal }) => apiGet(`/api/v1/thresholds/${read}`, { ...filters, ...params }, THRESHOLD_SCHEMAS[read], { signal }),
  })
}
