import { z } from 'zod'
import { parseIsoTimestamp } from '@/analytics/shared/time'

/** String limits from SPEC §2, plus caps for fields the SPEC leaves open (labels, ids, attributes). */
export const LIMITS = {
  eventId: 128,
  model: 128,
  itemId: 256,
  label: 256,
  modelVersion: 128,
  segment: 128,
  reviewerId: 128,
  queue: 128,
  attributeKeys: 32,
  attributeKey: 128,
  attributeValue: 1024,
} as const

/** Accepted timestamps: 2000 to 2199. Earlier values are nearly always epoch seconds sent as milliseconds. */
export const MIN_TS_MS = Date.UTC(2000, 0, 1)
export const MAX_TS_MS = Date.UTC(2200, 0, 1)
/** The longest timestamp string accepted. */
export const MAX_TIMESTAMP_TEXT = 40

/** ISO-8601 string or epoch milliseconds → epoch milliseconds. */
const Timestamp = z.union([z.string().max(MAX_TIMESTAMP_TEXT), z.number()]).transform((value, ctx): number => {
  const ms = typeof value === 'number' ? value : parseIsoTimestamp(value)
  if (typeof value === 'string' && Number.isNaN(ms)) {
    ctx.addIssue({ code: 'custom', message: 'must be an ISO-8601 timestamp or epoch milliseconds' })
    return z.NEVER
  }
  if (!Number.isFinite(ms) || ms < MIN_TS_MS || ms >= MAX_TS_MS) {
    ctx.addIssue({ code: 'custom', message: 'must be a time between 2000 and 2199 (epoch milliseconds, not seconds)' })
    return z.NEVER
  }
  return Math.round(ms)
})

const finite = z.number().refine(Number.isFinite, 'must be a finite number')
const probability = finite.refine((v) => v >= 0 && v <= 1, 'must be between 0 and 1')
const text = (max: number) => z.string().max(max, `must be at most ${max} characters`)
const required = (max: number) => z.string().min(1, 'must not be empty').max(max, `must be at most ${max} characters`)

const Attributes = z
  .record(text(LIMITS.attributeKey), text(LIMITS.attributeValue))
  .refine((value) => Object.keys(value).length <= LIMITS.attributeKeys, `must have at most ${LIMITS.attributeKeys} keys`)

const Base = {
  event_id: text(LIMITS.eventId).optional(),
  ts: Timestamp,
  model: required(LIMITS.model),
  item_id: required(LIMITS.itemId),
}

export const PredictionInput = z
  .object({
    ...Base,
    type: z.literal('prediction'),
    model_version: text(LIMITS.modelVersion).default(''),
    segment: text(LIMITS.segment).default(''),
    predicted_label: required(LIMITS.label),
    confidence: probability,
    route: z.enum(['auto', 'review', 'audit']),
    propensity: probability.optional(),
    threshold: finite.nullish(),
    policy_version: z.number().int('must be an integer').min(0).max(4_294_967_295).nullish(),
    attributes: Attributes.optional(),
  })
  .superRefine((event, ctx) => {
    if (event.route === 'audit' && event.propensity === undefined) {
      ctx.addIssue({ code: 'custom', path: ['propensity'], message: 'is required when route is "audit"' })
    }
    if (event.route === 'audit' && event.propensity === 0) {
      ctx.addIssue({ code: 'custom', path: ['propensity'], message: 'must be greater than 0 for an audited item' })
    }
  })

export const ReviewInput = z
  .object({
    ...Base,
    type: z.literal('review'),
    reviewer_id: required(LIMITS.reviewerId),
    label: required(LIMITS.label),
    started_at: Timestamp.nullish(),
    duration_ms: z.number().int('must be an integer').min(0, 'must be ≥ 0').max(Number.MAX_SAFE_INTEGER).nullish(),
    queue: text(LIMITS.queue).default(''),
  })
  .superRefine((event, ctx) => {
    if (event.started_at != null && event.started_at > event.ts) {
      ctx.addIssue({ code: 'custom', path: ['started_at'], message: 'must not be after ts (the completion time)' })
    }
  })

export const OutcomeInput = z.object({
  ...Base,
  type: z.literal('outcome'),
  true_label: required(LIMITS.label),
  source: z.enum(['gold', 'audit', 'downstream', 'adjudication']),
})

export const EVENT_TYPES = ['prediction', 'review', 'outcome'] as const
export type EventType = (typeof EVENT_TYPES)[number]

export const EventInput = z.discriminatedUnion('type', [PredictionInput, ReviewInput, OutcomeInput])
export type EventInput = z.infer<typeof EventInput>
export type PredictionInput = z.infer<typeof PredictionInput>
export type ReviewInput = z.infer<typeof ReviewInput>
export type OutcomeInput = z.infer<typeof OutcomeInput>

/** Rows as stored in ClickHouse (snake_case, timestamps as 'YYYY-MM-DD hh:mm:ss.sss' UTC). */
export interface PredictionRow {
  event_id: string
  ts: string
  model: string
  model_version: string
  segment: string
  item_id: string
  predicted_label: string
  confidence: number
  route: 'auto' | 'review' | 'audit'
  propensity: number
  threshold: number | null
  policy_version: number | null
  attributes: Record<string, string>
}
export interface ReviewRow {
  event_id: string
  ts: string
  model: string
  item_id: string
  reviewer_id: string
  label: string
  started_at: string | null
  duration_ms: number | null
  queue: string
}
export interface OutcomeRow {
  event_id: string
  ts: string
  model: string
  item_id: string
  true_label: string
  source: 'gold' | 'audit' | 'downstream' | 'adjudication'
}

export type StoredEvent =
  | { type: 'prediction'; row: PredictionRow }
  | { type: 'review'; row: ReviewRow }
  | { type: 'outcome'; row: OutcomeRow }

export interface IngestRejection {
  index: number
  error: string
}

/**
 * Rejections listed in an ingest summary (SPEC §2: the first 1,000); past it they are only counted
 * in `rejected_count`, so that neither the response nor the parser grows with a body of bad lines.
 */
export const MAX_REJECTED_LISTED = 1_000

/**
 * The ingest response body (SPEC §2): accepted = newly stored, duplicates = already known ids,
 * rejected = the first MAX_REJECTED_LISTED rejections, rejected_count = all of them (0 included).
 */
export interface IngestSummary {
  accepted: number
  duplicates: number
  rejected: IngestRejection[]
  rejected_count: number
}
