import { z } from 'zod'
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

export interface OverviewFigures {
  predictions: number
  escalated: number
  escalation_rate: number | null
  audited: number
  automation_rate: number | null
  reviews: number
  labeled: number
  agreement_rate: number | null
  backlog: number | null
}

export interface OverviewDay extends OverviewFigures {
  date: string
}

export interface OverviewModel extends OverviewFigures {
  model: string
  series: OverviewDay[]
}

export interface OverviewResult extends OverviewFigures {
  filters: { model: string | null; segment: string | null; model_version: string | null; from: string; to: string }
  series: OverviewDay[]
  models: OverviewModel[]
}
