// Workload (SPEC §3.3): the request parameters, the rows the SQL side returns and the JSON answer.
import { z } from 'zod'
import { EchoedFilters } from '@/analytics/shared/echoed-filters'
import { MetricFilters } from '@/analytics/shared/filters.schema'

/**
 * GET /api/v1/metrics/workload parameters: every common filter. An escalated item's queue and
 * reviewer are those of its first review, so `queue` and `reviewer_id` select the items whose
 * first review matches (an item not reviewed yet has neither) and the reviews of the reviewer table.
 */
export const WorkloadInput = MetricFilters
export type WorkloadInput = z.infer<typeof WorkloadInput>

const count = z.number().int()
const ms = z.number().nullable()

/** Exact percentiles (type 7), null without values. */
export const Percentiles = z.object({ p50: ms, p90: ms, p99: ms })
export type Percentiles = z.infer<typeof Percentiles>

/** SPEC §3.3 SLA counts: an item still open within its SLA at the end of the range is pending and left out. */
const SlaCounts = {
  met: count,
  breached: count,
  pending: count,
  sla_attainment: z.number().nullable(),
}

// Rows of the SQL side.

/** Escalated items of the range: one row overall (`day` and `queue` null), per prediction day, per (model, queue). */
export const ItemGroupRow = z.object({
  day: z.string().nullable(),
  model: z.string().nullable(),
  queue: z.string().nullable(),
  escalated: count,
  reviewed: count,
  met: count,
  breached: count,
  pending: count,
  wait: z.array(z.number()),
  handle: z.array(z.number()),
  /** First reviews with a handle time, and their mean (null without). */
  handled: count,
  handle_mean: z.number().nullable(),
})
export type ItemGroupRow = z.infer<typeof ItemGroupRow>

/** Escalated items per histogram bin of their wait or handle time: the bin's lower edge in ms. */
export const DistributionRow = z.object({ measure: z.enum(['wait', 'handle']), lower: z.number(), items: count })
export type DistributionRow = z.infer<typeof DistributionRow>

/** Escalated arrivals and closes per hour of the range (closes at the first review, or at the prediction when re-scored after it). */
export const HourFlowRow = z.object({ hour: z.string(), arrivals: count, completions: count })
export type HourFlowRow = z.infer<typeof HourFlowRow>

/** Escalations per UTC hour (the start of the hour, 'YYYY-MM-DD HH:00:00') and first review's queue, for the staffing forecast. */
export const ArrivalHourRow = z.object({ hour: z.string(), queue: z.string(), arrivals: count })
export type ArrivalHourRow = z.infer<typeof ArrivalHourRow>

/** Per reviewer: counted reviews, active hours, handle percentiles. */
/**
 * The counted reviews by reviewer (hour_into_shift null) or by hour into the shift over every
 * reviewer (reviewer_id null): reviews, active hours, reviews agreeing with the model, handle
 * times (sum and count of those with one) and, per reviewer, the length of their shifts in hours.
 */
export const ReviewerHourRow = z.object({
  reviewer_id: z.string().nullable(),
  hour_into_shift: count.nullable(),
  reviews: count,
  active_hours: count,
  agreeing: count,
  handle_sum: z.number(),
  handled: count,
  shift_hours: count,
})
export type ReviewerHourRow = z.infer<typeof ReviewerHourRow>

export const ReviewerHandleRow = z.object({ reviewer_id: z.string(), handle: z.array(z.number()), handle_total_ms: z.number() })
export type ReviewerHandleRow = z.infer<typeof ReviewerHandleRow>

// The JSON answer.

export const WorkloadDay = z.object({
  date: z.string(),
  arrivals: count,
  completions: count,
  /** Open escalated items at the end of the day (null after the end of the range or now). */
  backlog: count.nullable(),
  wait_ms: Percentiles,
  handle_ms: Percentiles,
  ...SlaCounts,
})
export type WorkloadDay = z.infer<typeof WorkloadDay>

export const WorkloadHour = z.object({
  hour: z.string(),
  arrivals: count,
  completions: count,
  backlog: count.nullable(),
})
export type WorkloadHour = z.infer<typeof WorkloadHour>

export const WorkloadQueue = z.object({
  model: z.string(),
  queue: z.string(),
  sla_minutes: z.number(),
  /** The share of items to answer within the SLA (the capacity entry's, default 0.9). */
  sla_target: z.number(),
  escalated: count,
  reviewed: count,
  wait_ms: Percentiles,
  ...SlaCounts,
})
export type WorkloadQueue = z.infer<typeof WorkloadQueue>

export const WorkloadReviewer = z.object({
  reviewer_id: z.string(),
  reviews: count,
  reviews_per_active_hour: z.number().nullable(),
  active_hours: count,
  handle_ms: z.object({ p50: ms, p90: ms }),
  /** Their handle time over their shifts' length (fetchReviewerHours: runs of active clock hours, ended by 4 idle hours). */
  shift_share: z.number().nullable(),
})
export type WorkloadReviewer = z.infer<typeof WorkloadReviewer>

/** One histogram bin: items with from_ms ≤ value < to_ms (from_ms null: below 0; to_ms null: no upper edge). */
export const HistogramBin = z.object({ from_ms: z.number().nullable(), to_ms: z.number().nullable(), items: count })
export type HistogramBin = z.infer<typeof HistogramBin>

export const StaffingHour = z.object({
  /** UTC hour of day, 0–23. */
  hour: count,
  expected_escalations: z.number(),
  /** Fewest reviewers on shift meeting the SLA target by Erlang C (null without a handle time to go by). */
  reviewers_needed: count.nullable(),
  reviewers_staffed: z.number(),
  short: z.boolean(),
})
export type StaffingHour = z.infer<typeof StaffingHour>

/** One team's plan: the queue it serves ("" the default team), its handle time, load and reviewers. */
export const StaffingTeam = z.object({
  queue: z.string(),
  mean_handle_ms: z.number().nullable(),
  target_occupancy: z.number(),
  expected_escalations: z.number(),
  reviewer_hours_per_day: z.number().nullable(),
  reviewers_needed_total: count.nullable(),
  reviewers_staffed_total: z.number(),
})
export type StaffingTeam = z.infer<typeof StaffingTeam>

/** SPEC §3.3 staffing, when capacity is configured: the day after the end of the range, hour by hour. */
export const WorkloadStaffing = z.object({
  forecast_date: z.string(),
  /** How the expected escalations were formed: the same weekday (a weekly pattern), every day, or no history. */
  basis: z.enum(['same_weekday', 'every_day', 'none']),
  history_days: count,
  mean_handle_ms: z.number().nullable(),
  sla_minutes: z.number(),
  sla_target: z.number(),
  target_occupancy: z.number(),
  expected_escalations: z.number(),
  /** Expected escalations × mean handle time / target occupancy, in hours. */
  reviewer_hours_per_day: z.number().nullable(),
  /** Σ over the hours of the reviewers needed (reviewer-hours by Erlang C), and of those staffed. */
  reviewers_needed_total: count.nullable(),
  reviewers_staffed_total: z.number(),
  short_hours: count,
  hours: z.array(StaffingHour),
  /** The plan per team (summed in `hours` and the totals). */
  teams: z.array(StaffingTeam),
  /** Handle time of the counted reviews over the staffed time of the range up to its end (or now). */
  utilization: z.number().nullable(),
})
export type WorkloadStaffing = z.infer<typeof WorkloadStaffing>

/** Fatigue: the counted reviews by hour into the reviewer's shift, every reviewer together. */
export const ShiftHour = z.object({
  hour_into_shift: count,
  reviews: count,
  mean_handle_ms: z.number().nullable(),
  agreement_rate: z.number().nullable(),
})
export type ShiftHour = z.infer<typeof ShiftHour>

export const WorkloadResponse = z.object({
  filters: EchoedFilters.extend({ reviewer_id: z.string().nullable(), queue: z.string().nullable() }),
  /** When the backlog and the SLA's "still open" are measured: the end of the range, or now. */
  measured_at: z.string(),
  escalated: count,
  reviewed: count,
  wait_ms: Percentiles,
  handle_ms: Percentiles,
  backlog: count,
  ...SlaCounts,
  /** The waits and handle times of `wait_ms` and `handle_ms` in fixed bins (WAIT_EDGES_MS, HANDLE_EDGES_MS). */
  distributions: z.object({ wait_ms: z.array(HistogramBin), handle_ms: z.array(HistogramBin) }),
  series: z.array(WorkloadDay),
  hourly: z.array(WorkloadHour),
  queues: z.array(WorkloadQueue),
  reviewers: z.array(WorkloadReviewer),
  shift_hours: z.array(ShiftHour),
  /** Null when capacity is not configured (Settings → Capacity). */
  staffing: WorkloadStaffing.nullable(),
})
export type WorkloadResponse = z.infer<typeof WorkloadResponse>
