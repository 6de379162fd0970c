import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestDb } from '@/lib/auth/test-db'
import { HttpError } from '@/lib/http-error'
import { CAPACITY_SUBJECT, listCapacity, replaceCapacity, resolveCapacity, type CapacityEntry } from './capacity'
import { holdCapacityTestLock } from './test-capacity-lock'

// The capacity service on the real relational store: PGlite, or PostgreSQL with DATABASE_URL.

let t: Awaited<ReturnType<typeof openTestDb>>
let releaseLock: () => Promise<void>
beforeAll(async () => {
  t = await openTestDb('capacity')
  releaseLock = await holdCapacityTestLock(t.db)
})
afterAll(async () => {
  await releaseLock?.()
  await t?.cleanup()
})

const hours = (f: (hour: number) => number) => Array.from({ length: 24 }, (_, hour) => f(hour))
const dayShift = hours((h) => (h >= 8 && h < 18 ? 6 : 1))

function entry(queue: string, model: string | null, changes: Partial<CapacityEntry> = {}): CapacityEntry {
  return { queue, model, slaMinutes: 240, slaTarget: 0.9, targetOccupancy: 0.85, staffed: dayShift, ...changes }
}

/** The capacity.update entries made since `afterSeq`, as [actor, payload]. */
async function capacityLog(afterSeq: number) {
  const rows = await t.db
    .selectFrom('change_log')
    .select(['seq', 'actor', 'action', 'payload'])
    .where('subject', '=', CAPACITY_SUBJECT)
    .where('seq', '>', afterSeq)
    .orderBy('seq')
    .execute()
  return rows.map((row) => {
    expect(row.action).toBe('capacity.update')
    const payload = typeof row.payload === 'string' ? (JSON.parse(row.payload) as unknown) : row.payload
    return [row.actor, payload] as [string, { before: unknown[]; after: unknown[] }]
  })
}

async function lastSeq(): Promise<number> {
  const row = await t.db.selectFrom('change_log').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirst()
  return Number(row?.seq ?? 0)
}

async function failure(promise: Promise<unknown>): Promise<HttpError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(HttpError)
  return error as HttpError
}

describe('listCapacity and replaceCapacity', () => {
  it('stores the set and lists it sorted by queue then model, any model first', async () => {
    const actor = t.name('lead')
    const stored = await replaceCapacity(
      t.db,
      [entry('kyc', 'fraud', { slaMinutes: 30 }), entry('', null), entry('kyc', null, { slaTarget: 0.8, targetOccupancy: 1 }), entry('', 'fraud', { staffed: hours((h) => h) })],
      actor,
    )
    const expected = [
      entry('', null),
      entry('', 'fraud', { staffed: hours((h) => h) }),
      entry('kyc', null, { slaTarget: 0.8, targetOccupancy: 1 }),
      entry('kyc', 'fraud', { slaMinutes: 30 }),
    ]
    expect(stored).toEqual(expected)
    expect(await listCapacity(t.db)).toEqual(expected)
    // Stored as "" in the table, answered as null.
    const rows = await t.db.selectFrom('capacity_entries').select(['queue', 'model']).orderBy('id').execute()
    expect(rows.filter((r) => r.queue === '').map((r) => r.model).sort()).toEqual(['', 'fraud'])
  })

  it('keeps doubles exactly and names as given (case, unicode, 128 characters)', async () => {
    const odd = [
      entry('Ünïcode queue ✓', null, { slaMinutes: 0.5, slaTarget: 1 / 3, targetOccupancy: 0.1 + 0.2 }),
      entry('q'.repeat(128), 'm'.repeat(128), { staffed: hours(() => 10_000) }),
      entry('KYC', null),
    ]
    await replaceCapacity(t.db, odd, t.name('lead'))
    const listed = await listCapacity(t.db)
    expect(listed).toEqual([odd[2], odd[1], odd[0]])
    expect(listed[2].slaTarget).toBe(1 / 3)
    expect(listed[2].targetOccupancy).toBe(0.1 + 0.2)
  })

  it('records one capacity.update per change with the entries before and after, and nothing for no change', async () => {
    const start = await lastSeq()
    const actor = t.name('admin')
    await replaceCapacity(t.db, [entry('', null)], actor)
    await replaceCapacity(t.db, [entry('', null), entry('kyc', null, { slaMinutes: 60 })], 'api_key:7')
    // The same set again, in another order: nothing changes, nothing is logged.
    await replaceCapacity(t.db, [entry('kyc', null, { slaMinutes: 60 }), entry('', null)], actor)
    await replaceCapacity(t.db, [], 'cli')

    const json = (queue: string, slaMinutes = 240) => ({
      queue,
      model: null,
      sla_minutes: slaMinutes,
      sla_target: 0.9,
      target_occupancy: 0.85,
      staffed: dayShift,
    })
    const log = await capacityLog(start)
    expect(log.map(([who]) => who)).toEqual([actor, 'api_key:7', 'cli'])
    expect(log[1][1]).toEqual({ before: [json('')], after: [json(''), json('kyc', 60)] })
    expect(log[2][1]).toEqual({ before: [json(''), json('kyc', 60)], after: [] })
    // Each entry's before is the previous one's after: nothing changed in between unrecorded.
    expect(log[0][1].after).toEqual(log[1][1].before)
    expect(await listCapacity(t.db)).toEqual([])
  })

  it('refuses invalid entries with a 400 naming the field, and writes nothing', async () => {
    const kept = [entry('', null), entry('kyc', 'fraud')]
    await replaceCapacity(t.db, kept, t.name('lead'))
    const start = await lastSeq()
    const cases: Array<[CapacityEntry[], string]> = [
      [[entry('', null), entry('kyc', null, { staffed: hours((h) => (h === 5 ? 1.5 : 1)) })], 'entries.1.staffed.5'],
      [[entry('', null, { staffed: dayShift.slice(0, 23) })], 'entries.0.staffed'],
      [[entry('', null, { slaMinutes: 0 })], 'entries.0.sla_minutes'],
      [[entry('', null, { slaTarget: Number.NaN })], 'entries.0.sla_target'],
      [[entry('', null, { targetOccupancy: 1.5 })], 'entries.0.target_occupancy'],
      [[entry('', null), entry('a', null), entry('', null)], 'entries.2.queue'],
    ]
    for (const [entries, path] of cases) {
      const error = await failure(replaceCapacity(t.db, entries, t.name('lead')))
      expect([error.status, error.code], path).toEqual([400, 'invalid_request'])
      expect(error.message).toContain(`Invalid field ${path}:`)
      expect((error.details as { issues: Array<{ path: string }> }).issues[0].path).toBe(path)
    }
    expect(await listCapacity(t.db)).toEqual(kept)
    expect(await capacityLog(start)).toEqual([])
  })

  it('leaves the old entries when the replacement fails inside its transaction', async () => {
    const kept = [entry('', null, { slaMinutes: 120 })]
    await replaceCapacity(t.db, kept, t.name('lead'))
    const start = await lastSeq()
    // The change log refuses an over-long actor after the delete and the insert have run: the
    // transaction must roll them back.
    await expect(replaceCapacity(t.db, [entry('other', null)], 'x'.repeat(129))).rejects.toThrow(/actor/)
    expect(await listCapacity(t.db)).toEqual(kept)
    expect(await capacityLog(start)).toEqual([])
  })

  it('serialises concurrent replacements: each sees the one before', async () => {
    const start = await lastSeq()
    const sets = [[entry('', null, { slaMinutes: 10 })], [entry('', null, { slaMinutes: 20 })], [entry('', null, { slaMinutes: 30 })]]
    await Promise.all(sets.map((set, i) => replaceCapacity(t.db, set, t.name(`writer${i}`))))
    const log = await capacityLog(start)
    expect(log).toHaveLength(3)
    for (let i = 1; i < log.length; i++) expect(log[i][1].before).toEqual(log[i - 1][1].after)
    expect(await listCapacity(t.db)).toEqual([{ ...entry('', null), slaMinutes: (log[2][1].after[0] as { sla_minutes: number }).sla_minutes }])
  })

  it('the table itself refuses what the API would (a bug elsewhere cannot store it)', async () => {
    const row = { queue: t.name('raw'), model: '', staffed: JSON.stringify(dayShift) }
    const bad: Array<Record<string, unknown>> = [
      { ...row, staffed: JSON.stringify(dayShift.slice(1)) },
      { ...row, staffed: JSON.stringify({ hours: dayShift }) },
      { ...row, staffed: '5' },
      { ...row, sla_minutes: 0 },
      { ...row, sla_target: 1.5 },
      { ...row, target_occupancy: 0 },
    ]
    for (const values of bad) {
      await expect(t.db.insertInto('capacity_entries').values(values as never).execute(), JSON.stringify(values)).rejects.toThrow(/check constraint/)
    }
    // Defaults, and one row per (queue, model) with "" as one value.
    try {
      await t.db.insertInto('capacity_entries').values(row).execute()
      const stored = await t.db.selectFrom('capacity_entries').selectAll().where('queue', '=', row.queue).executeTakeFirstOrThrow()
      expect([stored.sla_minutes, stored.sla_target, stored.target_occupancy]).toEqual([240, 0.9, 0.85])
      await expect(t.db.insertInto('capacity_entries').values(row).execute()).rejects.toThrow(/unique|duplicate/)
    } finally {
      await t.db.deleteFrom('capacity_entries').where('queue', '=', row.queue).execute()
    }
    expect(await sql<{ n: number }>`select count(*)::int as n from capacity_entries where queue = ${row.queue}`.execute(t.db)).toMatchObject({ rows: [{ n: 0 }] })
  })

  it('what the workload service does: list once, resolve per item', async () => {
    await replaceCapacity(t.db, [entry('', null, { slaMinutes: 240 }), entry('kyc', null, { slaMinutes: 60 }), entry('kyc', 'fraud', { slaMinutes: 15 })], t.name('lead'))
    const entries = await listCapacity(t.db)
    expect(resolveCapacity(entries, 'fraud', 'kyc')).toMatchObject({ slaMinutes: 15, match: 'queue_model', staffed: dayShift })
    expect(resolveCapacity(entries, 'spam', 'kyc')).toMatchObject({ slaMinutes: 60, match: 'queue' })
    expect(resolveCapacity(entries, 'spam', 'payments')).toMatchObject({ slaMinutes: 240, match: 'default' })
    await replaceCapacity(t.db, [], t.name('lead'))
    expect(resolveCapacity(await listCapacity(t.db), 'spam', 'payments')).toMatchObject({ slaMinutes: 240, match: 'none', staffed: null })
  })
})
