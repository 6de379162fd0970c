import { queryOptions } from '@tanstack/react-query'
import { z } from 'zod'
import { apiGet } from '@/lib/api-client'
import type { ApiFilters } from '@/lib/filters'
import { EchoedFilters } from '../_queries'
import type { CalibrationApiOptions } from './_components/calibration-options'

/** A figure of 0 labeled predictions is null (SPEC: 0 of 0 is null, never NaN). */
const Figure = z.number().nullable()
const Count = z.number()

/** A 95 % interval, null where there is nothing to bound. */
const Interval = z.object({ lower: z.number(), upper: z.number() }).nullable()

/** One bin of the reliability table (SPEC §3.2); `accuracy_ci` is the Wilson interval of `accuracy`. */
export const ReliabilityBin = z.object({
  bin: Count,
  lower: z.number(),
  upper: z.number(),
  count: Count,
  labeled: Count,
  mean_confidence: Figure,
  accuracy: Figure,
  accuracy_ci: Interval.optional().default(null),
})
export type ReliabilityBin = z.infer<typeof ReliabilityBin>

/** One fine bin of the confidence histogram. */
export const HistogramBin = z.object({ bin: Count, lower: z.number(), upper: z.number(), count: Count, labeled: Count })
export type HistogramBin = z.infer<typeof HistogramBin>

/** One UTC day or ISO week (`period` is its first day, YYYY-MM-DD; weeks start on Monday). */
export const CalibrationPeriod = z.object({ period: z.string(), ece: Figure, brier: Figure, predictions: Count, labeled: Count })
export type CalibrationPeriod = z.infer<typeof CalibrationPeriod>

/** The calibration of one population: the whole view, or one group of it. */
const CalibrationFigures = z.object({
  reliability: z.array(ReliabilityBin),
  ece: Figure,
  mce: Figure,
  brier: Figure,
  predictions: Count,
  labeled: Count,
  histogram: z.array(HistogramBin).default([]),
  series: z.array(CalibrationPeriod).default([]),
})
export type CalibrationFigures = z.infer<typeof CalibrationFigures>

/** One model_version or segment when the request has `group_by`. */
export const CalibrationGroup = CalibrationFigures.extend({ key: z.string() })
export type CalibrationGroup = z.infer<typeof CalibrationGroup>

/** GET /api/v1/metrics/calibration (SPEC §3.2). `filters` echoes the range applied, half-open, ISO UTC. */
export const CalibrationResponse = CalibrationFigures.extend({
  filters: EchoedFilters,
  bins: Count,
  strategy: z.enum(['uniform', 'quantile']),
  interval: z.enum(['day', 'week']).optional(),
  group_by: z.enum(['model_version', 'segment']).nullable().optional(),
  groups: z.array(CalibrationGroup).optional(),
  /** Data the figures had to leave out, e.g. labeled predictions with propensity 0 (no weight 1/0). */
  warnings: z.array(z.object({ code: z.string(), count: Count, message: z.string() })).default([]),
})
export type CalibrationResponse = z.infer<typeof CalibrationResponse>

export function calibrationQueryOptions(filters: ApiFilters, options: CalibrationApiOptions) {
  return queryOptions({
    // Filters and options are part of the key in a fixed shape, so equal views share one cache entry.
    queryKey: ['metrics', 'calibration', filters, options] as const,
    queryFn: ({ signal }) => apiGet('/api/v1/metrics/calibration', { ...filters, ...options }, CalibrationResponse, { signal }),
  })
}
