import {
  DEFAULT_SLA_MINUTES,
  DEFAULT_SLA_TARGET,
  DEFAULT_TARGET_OCCUPANCY,
  HOURS_PER_DAY,
  describeCapacityKey,
  type CapacityEntryJson,
} from '@/lib/capacity/capacity.schema'

// The Capacity section's editing state, pure: what the inputs hold, the PUT body made from them,
// the server's field errors placed on the inputs they name, and the change log in words.

/** One entry as its inputs hold it: text, so a half-typed value is kept as typed. Shares are in percent. */
export interface DraftEntry {
  /** Stable while editing (React keys, error placement); never sent. */
  id: string
  queue: string
  model: string
  slaMinutes: string
  slaTargetPercent: string
  targetOccupancyPercent: string
  staffed: string[]
}

export type DraftField = 'queue' | 'model' | 'slaMinutes' | 'slaTargetPercent' | 'targetOccupancyPercent'

/** The PUT body's field names for the draft's fields, and back (the server's errors name these). */
const JSON_FIELDS: Record<DraftField, keyof CapacityEntryJson> = {
  queue: 'queue',
  model: 'model',
  slaMinutes: 'sla_minutes',
  slaTargetPercent: 'sla_target',
  targetOccupancyPercent: 'target_occupancy',
}
const DRAFT_FIELDS = Object.fromEntries(Object.entries(JSON_FIELDS).map(([draft, json]) => [json, draft])) as Record<string, DraftField>

/** 12 significant digits: enough for any share a person types, and hides binary noise (0.57 × 100 = 56.99999999999999). */
const tidy = (value: number) => Number(value.toPrecision(12))

export const percentText = (share: number) => String(tidy(share * 100))

/** Ids of entries as the server answered them: by position, so a draft made from the same answer keeps its keys. */
const savedId = (index: number) => `saved-${index}`

export function toDraft(entries: readonly CapacityEntryJson[]): DraftEntry[] {
  return entries.map((entry, index) => ({
    id: savedId(index),
    queue: entry.queue,
    model: entry.model ?? '',
    slaMinutes: String(entry.sla_minutes),
    slaTargetPercent: percentText(entry.sla_target),
    targetOccupancyPercent: percentText(entry.target_occupancy),
    staffed: entry.staffed.map(String),
  }))
}

/**
 * A new entry: the default entry ("" queue) when there is none yet, else an entry for a queue to
 * be named, starting from the default entry's values (or the SPEC defaults and nobody staffed).
 */
export function newDraftEntry(draft: readonly DraftEntry[], id: string): DraftEntry {
  const base = draft.find((entry) => entry.queue === '' && entry.model === '')
  return {
    id,
    queue: '',
    model: '',
    slaMinutes: base?.slaMinutes ?? String(DEFAULT_SLA_MINUTES),
    slaTargetPercent: base?.slaTargetPercent ?? percentText(DEFAULT_SLA_TARGET),
    targetOccupancyPercent: base?.targetOccupancyPercent ?? percentText(DEFAULT_TARGET_OCCUPANCY),
    staffed: base ? [...base.staffed] : Array.from({ length: HOURS_PER_DAY }, () => '0'),
  }
}

/** Text to number; empty or not a number is null, which the server refuses naming the field. */
function numberOrNull(text: string): number | null {
  if (text.trim() === '') return null
  const value = Number(text)
  return Number.isFinite(value) ? value : null
}

function shareOrNull(percent: string): number | null {
  const value = numberOrNull(percent)
  return value === null ? null : tidy(value / 100)
}

/** A body field: a number, or null where the input is empty or unreadable (the server says what is wrong). */
type Sent = number | null

/** The PUT body. Nothing is checked here: the server's validation is the one that counts, and its errors name the fields. */
export function draftBody(draft: readonly DraftEntry[]): {
  entries: Array<{ queue: string; model: string | null; sla_minutes: Sent; sla_target: Sent; target_occupancy: Sent; staffed: Sent[] }>
} {
  return {
    entries: draft.map((entry) => ({
      queue: entry.queue,
      model: entry.model === '' ? null : entry.model,
      sla_minutes: numberOrNull(entry.slaMinutes),
      sla_target: shareOrNull(entry.slaTargetPercent),
      target_occupancy: shareOrNull(entry.targetOccupancyPercent),
      staffed: entry.staffed.map(numberOrNull),
    })),
  }
}

/** True when saving the draft would change the saved entries (as the server would store them). */
export function draftDiffers(draft: readonly DraftEntry[], saved: readonly CapacityEntryJson[]): boolean {
  const same = (entry: CapacityEntryJson) => ({
    queue: entry.queue,
    model: entry.model,
    sla_minutes: entry.sla_minutes,
    sla_target: entry.sla_target,
    target_occupancy: entry.target_occupancy,
    staffed: entry.staffed,
  })
  return JSON.stringify(draftBody(draft).entries) !== JSON.stringify(saved.map(same))
}

/**
 * Where an error is shown: `${entryId}:${field}` for an input (`field` a DraftField or
 * `staffed.5`), `${entryId}:staffed` for the hours as a whole, `${entryId}:` for the entry.
 */
export const errorKey = (entryId: string, field: string) => `${entryId}:${field}`

export interface PlacedErrors {
  /** Messages by errorKey. */
  fields: Record<string, string>
  /** Messages that name no entry (the list as a whole). */
  general: string[]
  /** The errorKey of the first message, to move focus there. */
  first: string | null
}

/**
 * The server's issues (`[{path: "entries.2.staffed.5", message}]`, SPEC error details) on the
 * inputs of the draft that was sent: the index in the path is the entry's position in the body.
 */
export function placeErrors(draft: readonly DraftEntry[], issues: ReadonlyArray<{ path: string; message: string }>): PlacedErrors {
  const placed: PlacedErrors = { fields: {}, general: [], first: null }
  for (const issue of issues) {
    const [root, index, field, hour] = issue.path.split('.')
    const entry = root === 'entries' && index !== undefined ? draft[Number(index)] : undefined
    if (!entry) {
      placed.general.push(issue.path && issue.path !== 'entries' ? `${issue.path}: ${issue.message}` : issue.message)
      continue
    }
    let key: string
    if (field === undefined) key = errorKey(entry.id, '')
    else if (field === 'staffed') key = errorKey(entry.id, hour === undefined ? 'staffed' : `staffed.${hour}`)
    else if (DRAFT_FIELDS[field]) key = errorKey(entry.id, DRAFT_FIELDS[field])
    // An unknown field inside an entry: the page never sends one, but say so rather than drop it.
    else key = errorKey(entry.id, '')
    const message = key === errorKey(entry.id, '') && field !== undefined ? `${field}: ${issue.message}` : issue.message
    placed.fields[key] ??= message
    placed.first ??= key
  }
  return placed
}

/** Reviewer-hours per day and the busiest hour's count, from what is typed (unreadable hours count as 0). */
export function staffingSummary(staffed: readonly string[]): { reviewerHours: number; peak: number } {
  const values = staffed.map((text) => {
    const value = Number(text)
    return Number.isFinite(value) && value > 0 ? value : 0
  })
  return { reviewerHours: tidy(values.reduce((sum, value) => sum + value, 0)), peak: Math.max(0, ...values) }
}

/** "06:00–07:00 UTC" for hour 6. */
export function hourRange(hour: number): string {
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${pad(hour)}:00–${pad((hour + 1) % 24)}:00 UTC`
}

/** The entry's name on screen: "fraud-review · any model", "All queues (default) · model m". */
export function entryTitle(queue: string, model: string | null): string {
  return `${queue === '' ? 'All queues (default)' : queue} · ${model === null || model === '' ? 'any model' : `model ${model}`}`
}

function isEntryJson(value: unknown): value is CapacityEntryJson {
  if (typeof value !== 'object' || value === null) return false
  const entry = value as Record<string, unknown>
  return typeof entry.queue === 'string' && (entry.model === null || typeof entry.model === 'string')
}

const entriesOf = (value: unknown): CapacityEntryJson[] => (Array.isArray(value) ? value.filter(isEntryJson) : [])

const keyOf = (entry: CapacityEntryJson) => JSON.stringify([entry.queue, entry.model])

/** A `capacity.update` change-log entry in words: which entries were added, changed and removed. */
export function describeCapacityChange(payload: Record<string, unknown>): string {
  const before = new Map(entriesOf(payload.before).map((entry) => [keyOf(entry), entry]))
  const after = new Map(entriesOf(payload.after).map((entry) => [keyOf(entry), entry]))
  const name = (entry: CapacityEntryJson) => describeCapacityKey(entry.queue, entry.model)
  const added = [...after.values()].filter((entry) => !before.has(keyOf(entry))).map(name)
  const removed = [...before.values()].filter((entry) => !after.has(keyOf(entry))).map(name)
  const changed = [...after.values()]
    .filter((entry) => {
      const old = before.get(keyOf(entry))
      return old !== undefined && JSON.stringify(old) !== JSON.stringify(entry)
    })
    .map(name)
  const parts = [
    added.length ? `added ${added.join('; ')}` : null,
    changed.length ? `changed ${changed.join('; ')}` : null,
    removed.length ? `removed ${removed.join('; ')}` : null,
  ].filter((part): part is string => part !== null)
  if (after.size === 0 && before.size > 0) return `cleared the capacity settings (removed ${removed.join('; ')})`
  return parts.length ? `updated capacity settings: ${parts.join(', ')}` : 'updated capacity settings'
}
