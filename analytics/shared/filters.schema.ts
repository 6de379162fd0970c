import { z } from 'zod'
import { MAX_TS_MS, MIN_TS_MS } from '@/analytics/events/events.schema'
import { FilterError } from '@/lib/filter-error'
import { isoDate, MS_PER_DAY, parseIsoTimestamp, startOfUtcDay } from './time'

/** Default window when neither `from` nor `to` is given: the 30 days up to the latest prediction. */
export const DEFAULT_WINDOW_DAYS = 30
/** Longest window a metric query may cover, so that every query stays bounded. */
export const MAX_WINDOW_DAYS = 400

const name = (max: number) => z.string().min(1, 'must not be empty').max(max, `must be at most ${max} characters`)

/**
 * A time bound: ISO-8601 date or timestamp (UTC unless an offset is given) or epoch milliseconds,
 * within [MIN_TS_MS, MAX_TS_MS], the times ingest accepts: no event lies outside, and ClickHouse
 * cannot parse a DateTime64(3) parameter of year 0000 or 10000 (a 500, not a 400, before this check).
 */
const TimeBound = z.string().transform((value, ctx): number => {
  const ms = /^\d{10,14}$/.test(value) ? Number(value) : parseIsoTimestamp(value)
  if (!Number.isFinite(ms)) {
    ctx.addIssue({ code: 'custom', message: 'must be an ISO-8601 date or timestamp (e.g. 2026-11-01 or 2026-11-01T00:00:00Z) or epoch milliseconds' })
    return z.NEVER
  }
  if (ms < MIN_TS_MS || ms > MAX_TS_MS) {
    ctx.addIssue({ code: 'custom', message: `must be between ${isoDate(MIN_TS_MS)} and ${isoDate(MAX_TS_MS)} (UTC), the times events can have` })
    return z.NEVER
  }
  return ms
})

/** Filters every metric accepts (SPEC §3): the range is half-open [from, to). */
export const MetricFilters = z.object({
  model: name(128).optional(),
  model_version: z.string().max(128).optional(),
  segment: z.string().max(128).optional(),
  from: TimeBound.optional(),
  to: TimeBound.optional(),
  reviewer_id: name(128).optional(),
  queue: z.string().max(128).optional(),
})
export type MetricFilters = z.infer<typeof MetricFilters>

/** Filters with the window resolved to concrete bounds (epoch ms). */
export interface ResolvedFilters extends Omit<MetricFilters, 'from' | 'to'> {
  from: number
  to: number
}

/**
 * Resolves the window: missing bounds default to the DEFAULT_WINDOW_DAYS days ending at the end of
 * the day of the latest prediction (`latestTs`, null without data: then `now`). A defaulted bound
 * is kept within [MIN_TS_MS, MAX_TS_MS] as given ones are (TimeBound), so that every bound reaching
 * ClickHouse is a time it can parse and events can have.
 */
export function resolveWindow(filters: MetricFilters, latestTs: number | null, now: number): ResolvedFilters {
  const defaultTo = startOfUtcDay(latestTs ?? now) + MS_PER_DAY
  const to = filters.to ?? clampToEventTimes(filters.from !== undefined ? Math.max(defaultTo, filters.from + MS_PER_DAY) : defaultTo)
  const from = filters.from ?? clampToEventTimes(to - DEFAULT_WINDOW_DAYS * MS_PER_DAY)
  if (from >= to) throw new FilterError(filters.from !== undefined ? 'from' : 'to', 'from must be before to (the range is [from, to))')
  if (to - from > MAX_WINDOW_DAYS * MS_PER_DAY) throw new FilterError('from', `the range must not exceed ${MAX_WINDOW_DAYS} days`)
  return { ...filters, from, to }
}

function clampToEventTimes(ms: number): number {
  return Math.min(Math.max(ms, MIN_TS_MS), MAX_TS_MS)
}

/**
 * Parses query parameters strictly: unknown parameters are errors that name them. Own properties
 * and a Map only: `key in object` also finds inherited names, so `?constructor=1` or `?toString=x`
 * passed as known and then as "given more than once".
 */
export function parseSearchParams<S extends z.ZodObject>(schema: S, params: URLSearchParams): z.infer<S> {
  const raw = new Map<string, string>()
  for (const [key, value] of params) {
    if (!Object.hasOwn(schema.shape, key)) {
      throw new FilterError(key, `unknown parameter; allowed: ${Object.keys(schema.shape).join(', ')}`)
    }
    if (raw.has(key)) throw new FilterError(key, 'given more than once')
    raw.set(key, value)
  }
  return schema.parse(Object.fromEntries(raw))
}
