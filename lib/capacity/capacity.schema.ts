import { z } from 'zod'
import type { UserRole } from '@/db/relational/schema'

// Capacity settings (SPEC §3.3): the body of PUT /api/v1/settings/capacity and the answer of GET.
// JSON is snake_case like the rest of the API; lib/capacity/capacity.ts converts to camelCase once.
// Objects are strict: an unknown field is a 400 naming it. No server-only import here: the
// Settings page imports this file too.

/** The SPEC §3.3 defaults: what an entry leaves out, and what applies where no entry does. */
export const DEFAULT_SLA_MINUTES = 240
export const DEFAULT_SLA_TARGET = 0.9
export const DEFAULT_TARGET_OCCUPANCY = 0.85

/** One number per UTC hour of day, 0–23. */
export const HOURS_PER_DAY = 24
/** The same limits as queue and model names in ingested events (analytics/events), so every name seen there fits. */
export const MAX_CAPACITY_NAME_LENGTH = 128
/**
 * Entries per PUT. A team has a handful of queues; 200 entries of typical names fit the 64 KiB
 * body limit of settings requests (lib/json-body.ts) with room to spare, and keep the change
 * log's before/after payload small.
 */
export const MAX_CAPACITY_ENTRIES = 200
/** 30 days: an SLA longer than the default metrics window could never be seen to breach. */
export const MAX_SLA_MINUTES = 30 * 24 * 60
/** Reviewers on shift in one hour: far above any real team, low enough to catch a typo of a few zeros. */
export const MAX_STAFFED_REVIEWERS = 10_000

/** Who may change capacity settings (SPEC §6). API keys need the admin scope; the CLI's operator counts as admin. */
export const CAPACITY_EDITOR_ROLES = ['lead', 'admin'] as const satisfies readonly UserRole[]

export function canEditCapacity(role: UserRole): boolean {
  return (CAPACITY_EDITOR_ROLES as readonly UserRole[]).includes(role)
}

/** zod's message for a missing field (`undefined` input) and for everything else wrong with it. */
const requiredOr = (message: string) => (issue: { input?: unknown }) => (issue.input === undefined ? 'required' : message)

const SPACES_AT_ENDS = /^\s|\s$/

/** A queue or model name: exact, as ingested (no trimming), but never with spaces at either end, which are typos. */
function name(what: string) {
  return z
    .string({ error: requiredOr(`must be a string (the ${what} name)`) })
    .max(MAX_CAPACITY_NAME_LENGTH, `must be at most ${MAX_CAPACITY_NAME_LENGTH} characters`)
    .refine((value) => !SPACES_AT_ENDS.test(value), 'must not start or end with a space')
}

/** A share in (0, 1]: the SLA target and the target occupancy. */
function share(fallback: number) {
  const message = 'must be more than 0 and at most 1 (a share: 0.9 is 90 %)'
  return z.number({ error: message }).gt(0, message).lte(1, message).default(fallback)
}

const STAFFED_MESSAGE = 'must be a whole number ≥ 0'

/** One entry as PUT sends it. Omitted SLA fields take the SPEC defaults; `model` absent, null or "" means any model. */
export const CapacityEntryInput = z.strictObject({
  queue: name('queue; "" for the default entry'),
  model: name('model')
    .nullable()
    .optional()
    .transform((value) => (value === undefined || value === '' ? null : value)),
  sla_minutes: z
    .number({ error: 'must be a number of minutes, more than 0' })
    .gt(0, 'must be a number of minutes, more than 0')
    .max(MAX_SLA_MINUTES, `must be at most ${MAX_SLA_MINUTES} minutes (30 days)`)
    .default(DEFAULT_SLA_MINUTES),
  sla_target: share(DEFAULT_SLA_TARGET),
  target_occupancy: share(DEFAULT_TARGET_OCCUPANCY),
  staffed: z
    .array(
      z
        .number({ error: STAFFED_MESSAGE })
        // A refinement rather than .int(): zod's int check ends the parse (continue: false),
        // which would hide a duplicate entry reported in the same answer.
        .refine(Number.isInteger, STAFFED_MESSAGE)
        .min(0, STAFFED_MESSAGE)
        .max(MAX_STAFFED_REVIEWERS, `must be at most ${MAX_STAFFED_REVIEWERS} reviewers`),
      { error: requiredOr(`must be an array of ${HOURS_PER_DAY} whole numbers, reviewers on shift per UTC hour 0–23`) },
    )
    .length(HOURS_PER_DAY, `must list exactly ${HOURS_PER_DAY} numbers, reviewers on shift per UTC hour 0–23`),
})
export type CapacityEntryInput = z.infer<typeof CapacityEntryInput>

/** How an entry is named in messages: `queue "fraud" and model "m"`, `the default queue "" and any model`. */
export function describeCapacityKey(queue: string, model: string | null): string {
  const q = queue === '' ? 'the default queue ""' : `queue "${queue}"`
  return `${q} and ${model === null ? 'any model' : `model "${model}"`}`
}

/** The (queue, model) of an entry that may have failed to parse; null when its queue or model is not readable. */
function capacityKeyOf(entry: unknown): [string, string | null] | null {
  if (typeof entry !== 'object' || entry === null) return null
  const { queue, model } = entry as { queue?: unknown; model?: unknown }
  if (typeof queue !== 'string') return null
  if (model === undefined || model === null || model === '') return [queue, null]
  return typeof model === 'string' ? [queue, model] : null
}

/** PUT /api/v1/settings/capacity: every entry at once (the set replaces the stored one). Duplicates of (queue, model) are refused, naming them. */
export const CapacitySettingsInput = z.strictObject({
  entries: z
    .array(CapacityEntryInput, { error: requiredOr('must be an array of capacity entries') })
    .max(MAX_CAPACITY_ENTRIES, `must hold at most ${MAX_CAPACITY_ENTRIES} entries`)
    .superRefine(
      (entries, context) => {
        const first = new Map<string, number>()
        entries.forEach((entry: unknown, index) => {
          const key = capacityKeyOf(entry)
          if (key === null) return
          const id = JSON.stringify(key)
          const earlier = first.get(id)
          if (earlier === undefined) first.set(id, index)
          else {
            context.addIssue({
              code: 'custom',
              path: [index, 'queue'],
              message: `${describeCapacityKey(...key)} are listed twice (entries ${earlier} and ${index}): keep one entry per queue and model`,
            })
          }
        })
      },
      // Also when some entry has a bad value: a duplicate is then reported in the same answer,
      // not after the other fix. Entries are only partly parsed then, hence capacityKeyOf.
      { when: (payload) => Array.isArray(payload.value) },
    ),
})
export type CapacitySettingsInput = z.infer<typeof CapacitySettingsInput>

/** An entry as GET and PUT answer it: every field present, `model` null for any model. */
export const CapacityEntryJson = z.object({
  queue: z.string(),
  model: z.string().nullable(),
  sla_minutes: z.number(),
  sla_target: z.number(),
  target_occupancy: z.number(),
  staffed: z.array(z.number()),
})
export type CapacityEntryJson = z.infer<typeof CapacityEntryJson>

/** The answer of GET and PUT /api/v1/settings/capacity. */
export const CapacitySettingsJson = z.object({ entries: z.array(CapacityEntryJson) })
export type CapacitySettingsJson = z.infer<typeof CapacitySettingsJson>

/**
 * A capacity entry inside TypeScript (camelCase; the JSON and the table are snake_case). Every
 * field is set: defaults are applied when an entry is parsed.
 */
export interface CapacityEntry {
  /** '' is the default entry, for every queue without its own. */
  queue: string
  /** null: any model. */
  model: string | null
  slaMinutes: number
  /** Share of items to be answered within the SLA, in (0, 1]. */
  slaTarget: number
  /** Share of staffed time reviewers are meant to be busy, in (0, 1]. */
  targetOccupancy: number
  /** Reviewers on shift per UTC hour of day: index 0 is 00:00–01:00 UTC. Always 24 whole numbers. */
  staffed: number[]
}

/** An entry as the API answers it. */
export function capacityEntryJson(entry: CapacityEntry): CapacityEntryJson {
  return {
    queue: entry.queue,
    model: entry.model,
    sla_minutes: entry.slaMinutes,
    sla_target: entry.slaTarget,
    target_occupancy: entry.targetOccupancy,
    staffed: [...entry.staffed],
  }
}

/** A parsed entry (CapacityEntryInput's output, or an answer of the API) in camelCase. */
export function capacityEntryFromJson(json: CapacityEntryJson): CapacityEntry {
  return {
    queue: json.queue,
    model: json.model,
    slaMinutes: json.sla_minutes,
    slaTarget: json.sla_target,
    targetOccupancy: json.target_occupancy,
    staffed: [...json.staffed],
  }
}

/** Code-unit order (the same on every engine and locale): by queue, then model, any model first. */
export function compareCapacityEntries(a: { queue: string; model: string | null }, b: { queue: string; model: string | null }): number {
  if (a.queue !== b.queue) return a.queue < b.queue ? -1 : 1
  if (a.model === b.model) return 0
  if (a.model === null) return -1
  if (b.model === null) return 1
  return a.model < b.model ? -1 : 1
}
