import { DEFAULT_SLA_MINUTES, DEFAULT_SLA_TARGET, DEFAULT_TARGET_OCCUPANCY, type CapacityEntry } from './capacity.schema'

// Which capacity entry applies to an item (SPEC §3.3). Pure: no I/O, safe to import from
// analytics/*/*.compute.ts.

/**
 * Which rule picked the entry, most specific first: the item's queue and model, its queue for any
 * model, the default queue ("") for its model, the default queue for any model; `none` when no
 * entry applies and the SPEC defaults do.
 */
export type CapacityMatch = 'queue_model' | 'queue' | 'default_model' | 'default' | 'none'

export interface ResolvedCapacity {
  slaMinutes: number
  slaTarget: number
  targetOccupancy: number
  /**
   * Reviewers on shift per UTC hour of day (24 numbers), or null when no entry applies: capacity
   * is not configured for this item, so there is no staffed time to compare with.
   */
  staffed: number[] | null
  match: CapacityMatch
  /** The entry that applies; null with `match: 'none'`. */
  entry: CapacityEntry | null
}

const SPEC_DEFAULTS: ResolvedCapacity = Object.freeze({
  slaMinutes: DEFAULT_SLA_MINUTES,
  slaTarget: DEFAULT_SLA_TARGET,
  targetOccupancy: DEFAULT_TARGET_OCCUPANCY,
  staffed: null,
  match: 'none',
  entry: null,
})

const keyOf = (queue: string, model: string | null) => JSON.stringify([queue, model])

/**
 * Entries by (queue, model), built once per entries array: the workload service may resolve per
 * item. The array is treated as immutable (listCapacity returns a fresh one per call).
 */
const indexes = new WeakMap<readonly CapacityEntry[], Map<string, CapacityEntry>>()

function indexOf(entries: readonly CapacityEntry[]): Map<string, CapacityEntry> {
  let index = indexes.get(entries)
  if (!index) {
    index = new Map()
    // The first of duplicates wins (the API refuses duplicates; hand-made lists may have them).
    for (const entry of entries) if (!index.has(keyOf(entry.queue, entry.model))) index.set(keyOf(entry.queue, entry.model), entry)
    indexes.set(entries, index)
  }
  return index
}

/**
 * The capacity settings for an item of `model` reviewed in `queue` ("" when it has none):
 * (queue, model) > (queue, any model) > ("", model) > ("", any model) > the SPEC defaults
 * (SLA 240 min, target 0.9, occupancy 0.85, staffed null). The whole entry applies: fields are
 * not mixed across entries (every entry has all of them, defaults filled in when it was saved).
 */
export function resolveCapacity(entries: readonly CapacityEntry[], model: string, queue: string): ResolvedCapacity {
  const index = indexOf(entries)
  const own: Array<[CapacityMatch, string]> = [
    ['queue_model', keyOf(queue, model)],
    ['queue', keyOf(queue, null)],
  ]
  // An item without a queue ("") is in the default queue: its entries are the default ones.
  const candidates: Array<[CapacityMatch, string]> = [
    ...(queue === '' ? [] : own),
    ['default_model', keyOf('', model)],
    ['default', keyOf('', null)],
  ]
  for (const [match, key] of candidates) {
    const entry = index.get(key)
    if (entry) {
      return {
        slaMinutes: entry.slaMinutes,
        slaTarget: entry.slaTarget,
        targetOccupancy: entry.targetOccupancy,
        staffed: entry.staffed,
        match,
        entry,
      }
    }
  }
  return SPEC_DEFAULTS
}
