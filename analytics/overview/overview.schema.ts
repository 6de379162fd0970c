import { z } from 'zod'
import { EchoedFilters } from '@/analytics/shared/echoed-filters'
import { MetricFilters } from '@/analytics/shared/filters.schema'

/** GET /api/v1/metrics/overview parameters: the common filters. */
export const OverviewInput = MetricFilters.pick({ model: true, model_version: true, segment: true, from: true, to: true })
export type OverviewInput = z.infer<typeof OverviewInput>

export const PredictionDayRow = z.object({
  model: z.string(),
  day: z.string(),
  predictions: z.number(),
  escalated: z.number(),
  audited: z.number(),
  labeled: z.number(),
})
export type PredictionDayRow = z.infer<typeof PredictionDayRow>

export const ReviewDayRow = z.object({ model: z.string(), day: z.string(), reviews: z.number(), agreeing: z.number() })
export type ReviewDayRow = z.infer<typeof ReviewDayRow>

/** Escalated arrivals and first reviews per day; day '' stands for "before the range". */
export const BacklogFlowRow = z.object({ model: z.string(), day: z.string(), arrivals: z.number(), closes: z.number() })
export type BacklogFlowRow = z.infer<typeof BacklogFlowRow>

/** A rate of 0 of 0 is null (SPEC), never NaN. */
const Rate = z.number().nullable()

/** The figures of SPEC §3.0, for a whole range, a day or a model. */
export const OverviewFigures = z.object({
  predictions: z.number(),
  escalated: z.number(),
  escalation_rate: Rate,
  audited: z.number(),
  automation_rate: Rate,
  reviews: z.number(),
  labeled: z.number(),
  agreement_rate: Rate,
  /** Open escalated items at the end of the range (or day); null for days after the range or after now. */
  backlog: z.number().nullable(),
})
export type OverviewFigures = z.infer<typeof OverviewFigures>

/** One UTC day; `backlog` is the backlog at the end of that day. */
export const OverviewDay = z.object({ date: z.string(), ...OverviewFigures.shape })
export type OverviewDay = z.infer<typeof OverviewDay>

export const OverviewModel = z.object({ model: z.string(), ...OverviewFigures.shape, series: z.array(OverviewDay) })
export type OverviewModel = z.infer<typeof OverviewModel>

/**
 * GET /api/v1/metrics/overview and `oversight metrics overview` (SPEC §3.0), fields in the order
 * of the JSON: what `getOverview` returns and what the page parses.
 */
export const OverviewResponse = z.object({
  filters: EchoedFilters,
  ...OverviewFigures.shape,
  series: z.array(OverviewDay),
  models: z.array(OverviewModel),
})
export type OverviewResponse = z.infer<typeof OverviewResponse>
