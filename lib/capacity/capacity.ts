import type { Kysely } from 'kysely'
import type { RelationalDatabase } from '@/db/relational/schema'
import { invalidRequest } from '@/lib/http-error'
import { appendChangeLog, inChangeTransaction } from '@/lib/audit/change-log'
import {
  CapacitySettingsInput,
  capacityEntryFromJson,
  capacityEntryJson,
  compareCapacityEntries,
  type CapacityEntry,
  type CapacityEntryJson,
} from './capacity.schema'

// Capacity settings (SPEC §3.3) in the relational store (table capacity_entries, one row per
// (queue, model)). The set is read and replaced as a whole; every replacement that changes
// something is one `capacity.update` change-log entry with the entries before and after.
//
// For the workload service: `listCapacity(db)` once per request, then
// `resolveCapacity(entries, model, queue)` per item or group (pure, from ./resolve).

export { resolveCapacity, type CapacityMatch, type ResolvedCapacity } from './resolve'
export type { CapacityEntry } from './capacity.schema'

type DbLike = Kysely<RelationalDatabase>

/** The change-log subject of every capacity change: the settings are one document. */
export const CAPACITY_SUBJECT = 'settings:capacity'

const COLUMNS = ['queue', 'model', 'sla_minutes', 'sla_target', 'target_occupancy', 'staffed'] as const

function toEntry(row: { queue: string; model: string; sla_minutes: number; sla_target: number; target_occupancy: number; staffed: unknown }): CapacityEntry {
  // jsonb: pg and PGlite parse it; a driver configured to answer text would give a string.
  const staffed = typeof row.staffed === 'string' ? (JSON.parse(row.staffed) as unknown) : row.staffed
  return {
    queue: row.queue,
    model: row.model === '' ? null : row.model,
    slaMinutes: Number(row.sla_minutes),
    slaTarget: Number(row.sla_target),
    targetOccupancy: Number(row.target_occupancy),
    staffed: Array.isArray(staffed) ? staffed.map(Number) : [],
  }
}

/**
 * Every capacity entry, sorted by queue then model (any model first), in code-unit order so that
 * PGlite and PostgreSQL (whatever its collation) answer the same. An empty list means capacity is
 * not configured: resolveCapacity then gives the SPEC defaults with `staffed: null`.
 */
export async function listCapacity(db: DbLike): Promise<CapacityEntry[]> {
  const rows = await db.selectFrom('capacity_entries').select(COLUMNS).execute()
  return rows.map(toEntry).sort(compareCapacityEntries)
}

/**
 * Checks entries as PUT /api/v1/settings/capacity does and returns them with defaults applied,
 * sorted; a 400 naming the field (`entries.2.staffed.5`) otherwise. The service checks again what
 * the route parsed, so that no caller (CLI, seed, tests) can store what the API would refuse.
 */
export function validateCapacityEntries(entries: readonly CapacityEntry[]): CapacityEntry[] {
  const parsed = CapacitySettingsInput.safeParse({ entries: entries.map(capacityEntryJson) })
  if (!parsed.success) throw invalidRequest(parsed.error, 'field')
  return parsed.data.entries.map(capacityEntryFromJson).sort(compareCapacityEntries)
}

const sameEntries = (a: CapacityEntryJson[], b: CapacityEntryJson[]) => JSON.stringify(a) === JSON.stringify(b)

/**
 * Replaces every capacity entry with `entries`, in one transaction with its change-log entry
 * (`capacity.update` on `settings:capacity`, payload `{before, after}` as the API's JSON), so the
 * store holds either the old set or the new one, never a mix. `actor` is who asks (a username,
 * `api_key:<id>`, `cli`). Replacing the set with itself changes and records nothing. A 400 naming
 * the field for invalid entries, before anything is written. Returns the stored entries, sorted.
 */
export async function replaceCapacity(db: DbLike, entries: readonly CapacityEntry[], actor: string): Promise<CapacityEntry[]> {
  const after = validateCapacityEntries(entries)
  const afterJson = after.map(capacityEntryJson)
  return inChangeTransaction(db, async (trx) => {
    // Read under the change-log lock: no other audited change can commit in between.
    const before = await listCapacity(trx)
    const beforeJson = before.map(capacityEntryJson)
    if (sameEntries(beforeJson, afterJson)) return before
    await trx.deleteFrom('capacity_entries').execute()
    if (after.length > 0) {
      await trx
        .insertInto('capacity_entries')
        .values(
          afterJson.map((entry) => ({
            queue: entry.queue,
            model: entry.model ?? '',
            sla_minutes: entry.sla_minutes,
            sla_target: entry.sla_target,
            target_occupancy: entry.target_occupancy,
            staffed: JSON.stringify(entry.staffed),
          })),
        )
        .execute()
    }
    await appendChangeLog(trx, { actor, action: 'capacity.update', subject: CAPACITY_SUBJECT, payload: { before: beforeJson, after: afterJson } })
    return after
  })
}
