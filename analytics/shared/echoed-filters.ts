// The `filters` object every metric answer starts with (SPEC §4): the filters as applied, so a
// reader of the JSON knows what it covers. Pure.
import { z } from 'zod'
import type { ResolvedFilters } from './filters.schema'

/** The filters applied (null for "all"); `from`/`to` the range, half-open, ISO-8601 UTC. */
export const EchoedFilters = z.object({
  model: z.string().nullable(),
  segment: z.string().nullable(),
  model_version: z.string().nullable(),
  from: z.string(),
  to: z.string(),
})
export type EchoedFilters = z.infer<typeof EchoedFilters>

/**
 * The echo of resolved filters. A family's own filters (agreement's `reviewer_id`, `queue`) come
 * in `extra` and are written after `model_version`, before the range, as the JSON has them.
 */
export function echoFilters<E extends Record<string, string | null> = Record<never, never>>(filters: ResolvedFilters, extra?: E): EchoedFilters & E {
  return {
    model: filters.model ?? null,
    segment: filters.segment ?? null,
    model_version: filters.model_version ?? null,
    ...(extra as E),
    from: new Date(filters.from).toISOString(),
    to: new Date(filters.to).toISOString(),
  }
}
