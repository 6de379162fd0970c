import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestDb } from '@/lib/auth/test-db'
import { appendChangeLog, inChangeTransaction, listChangeLog, type ChangeLogEntry, type ChangeTransaction, type JsonValue } from './change-log'

type JsonObject = { [key: string]: JsonValue }

let t: Awaited<ReturnType<typeof openTestDb>>
beforeAll(async () => {
  t = await openTestDb('change-log')
})
afterAll(async () => {
  await t?.cleanup()
})

/** This run's entries for `subject`, in order. */
async function entriesFor(subject: string) {
  return t.db.selectFrom('change_log').selectAll().where('subject', '=', subject).orderBy('seq').execute()
}

describe('appendChangeLog', () => {
  it('appends inside the change transaction and returns the entry with its seq', async () => {
    const subject = `user:${t.name('log-a')}`
    const first = await inChangeTransaction(t.db, (trx) => appendChangeLog(trx, { actor: 'tester', action: 'user.create', subject, payload: { role: 'lead' } }))
    const second = await inChangeTransaction(t.db, (trx) => appendChangeLog(trx, { actor: 'tester', action: 'user.disable', subject }))
    expect(first).toMatchObject({ actor: 'tester', action: 'user.create', subject, payload: { role: 'lead' } })
    expect(first.at).toBeInstanceOf(Date)
    expect(second.seq).toBeGreaterThan(first.seq)
    expect(second.payload).toEqual({})
    const rows = await entriesFor(subject)
    expect(rows.map((r) => [Number(r.seq), r.action])).toEqual([
      [first.seq, 'user.create'],
      [second.seq, 'user.disable'],
    ])
  })

  it('writes nothing when the transaction fails', async () => {
    const subject = `user:${t.name('log-b')}`
    await expect(
      inChangeTransaction(t.db, async (trx) => {
        await appendChangeLog(trx, { actor: 'tester', action: 'user.create', subject })
        throw new Error('the change failed after its entry')
      }),
    ).rejects.toThrow('the change failed')
    expect(await entriesFor(subject)).toEqual([])
  })

  it('refuses payload fields that look like secrets, and appends outside a transaction', async () => {
    const subject = `key:${t.name('log-c')}`
    const secrets: JsonObject[] = [{ password: 'x' }, { password_hash: 'x' }, { key: 'ovs_x' }, { nested: { token: 'x' } }, { list: [{ secret: 1 }] }]
    for (const payload of secrets) {
      await expect(inChangeTransaction(t.db, (trx) => appendChangeLog(trx, { actor: 'tester', action: 'key.create', subject, payload }))).rejects.toThrow(
        /looks like a secret/,
      )
    }
    await expect(appendChangeLog(t.db as unknown as ChangeTransaction, { actor: 'tester', action: 'key.create', subject })).rejects.toThrow(
      /inside the transaction/,
    )
    expect(await entriesFor(subject)).toEqual([])
  })

  it('is append-only in the database: UPDATE, DELETE and TRUNCATE are refused', async () => {
    const subject = `user:${t.name('log-d')}`
    await inChangeTransaction(t.db, (trx) => appendChangeLog(trx, { actor: 'tester', action: 'user.enable', subject }))
    await expect(sql`update change_log set actor = 'mallory' where subject = ${subject}`.execute(t.db)).rejects.toThrow(/append-only/)
    await expect(sql`delete from change_log where subject = ${subject}`.execute(t.db)).rejects.toThrow(/append-only/)
    await expect(sql`truncate change_log`.execute(t.db)).rejects.toThrow(/append-only/)
    expect((await entriesFor(subject)).map((r) => r.actor)).toEqual(['tester'])
  })
})

describe('listChangeLog', () => {
  it('pages newest first with a cursor, without gaps or overlaps', async () => {
    const subject = `user:${t.name('log-e')}`
    const appended: ChangeLogEntry[] = []
    for (let i = 0; i < 5; i++) {
      appended.push(await inChangeTransaction(t.db, (trx) => appendChangeLog(trx, { actor: 'pager', action: 'user.enable', subject, payload: { i } })))
    }
    // Other test files may append to a shared PostgreSQL meanwhile: page from just above our last entry.
    const seen: number[] = []
    let cursor: number | null = appended[4].seq + 1
    while (cursor !== null && seen.length < 5) {
      const page: Awaited<ReturnType<typeof listChangeLog>> = await listChangeLog(t.db, { limit: 2, before: cursor })
      expect(page.entries.length).toBeLessThanOrEqual(2)
      for (const entry of page.entries) seen.push(entry.seq)
      cursor = page.nextCursor
    }
    expect(seen).toEqual([...seen].sort((a, b) => b - a))
    expect(new Set(seen).size).toBe(seen.length)
    const ours = seen.filter((seq) => appended.some((e) => e.seq === seq))
    expect(ours).toEqual(appended.map((e) => e.seq).reverse())

    const top = await listChangeLog(t.db, { limit: 1 })
    expect(top.entries).toHaveLength(1)
    expect(top.entries[0].seq).toBeGreaterThanOrEqual(appended[4].seq)
    expect(top.nextCursor).toBe(top.entries[0].seq)
  })
})
