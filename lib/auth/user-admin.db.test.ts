import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { HttpError } from '@/lib/http-error'
import { inChangeTransaction } from '@/lib/audit/change-log'
import { createApiKey, revokeApiKey } from './api-keys'
import { sha256Hex } from './random'
import { createSession, getSessionUser } from './sessions'
import { openTestDb } from './test-db'
import { createUser, findUser, listUsers, resetPassword, updateUser, verifyCredentials } from './users'

// The admin services and the change-log entries they write (SPEC §3.4, §6).

let t: Awaited<ReturnType<typeof openTestDb>>
beforeAll(async () => {
  t = await openTestDb('user-admin')
})
afterAll(async () => {
  await t?.cleanup()
})

async function rejection(promise: Promise<unknown>): Promise<HttpError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(HttpError)
  return error as HttpError
}

/** The entries about `subject`, in order, as [actor, action, payload]. */
async function logOf(subject: string, db = t.db) {
  const rows = await db.selectFrom('change_log').select(['seq', 'actor', 'action', 'payload']).where('subject', '=', subject).orderBy('seq').execute()
  return rows.map((r) => [r.actor, r.action, r.payload])
}

describe('user changes and their change-log entries', () => {
  it('records every change once, in order, with its actor, and nothing for a no-op', async () => {
    const username = t.name('ursula')
    const subject = `user:${username}`
    await createUser(t.db, { username, role: 'viewer', password: 'ursula password', actor: 'root.admin' })
    expect((await updateUser(t.db, username, { role: 'lead' }, { actor: 'root.admin' })).role).toBe('lead')
    // Asking for the current state changes nothing and records nothing.
    await updateUser(t.db, username, { role: 'lead', disabled: false }, { actor: 'root.admin' })
    const disabled = await updateUser(t.db, username, { disabled: true }, { actor: 'api_key:7' })
    expect(disabled.disabledAt).toBeInstanceOf(Date)
    await updateUser(t.db, username, { disabled: true }, { actor: 'api_key:7' })
    expect((await updateUser(t.db, username, { disabled: false }, { actor: 'cli' })).disabledAt).toBeNull()
    await resetPassword(t.db, username, { password: 'given password', actor: 'cli' })
    const generated = await resetPassword(t.db, username, { actor: 'root.admin' })
    expect(generated.password).toMatch(/^[A-Za-z0-9]{20}$/)
    // Role and disabled in one call: two entries, one transaction.
    await updateUser(t.db, username, { role: 'ml', disabled: true }, { actor: 'root.admin' })

    expect(await logOf(subject)).toEqual([
      ['root.admin', 'user.create', { role: 'viewer' }],
      ['root.admin', 'user.role_change', { from: 'viewer', to: 'lead' }],
      ['api_key:7', 'user.disable', {}],
      ['cli', 'user.enable', {}],
      ['cli', 'user.password_reset', { generated: false }],
      ['root.admin', 'user.password_reset', { generated: true }],
      ['root.admin', 'user.role_change', { from: 'lead', to: 'ml' }],
      ['root.admin', 'user.disable', {}],
    ])
  })

  it('records nothing when a change fails', async () => {
    const username = t.name('vera')
    const subject = `user:${username}`
    await createUser(t.db, { username, role: 'viewer', password: 'vera password', actor: 'root.admin' })
    expect((await rejection(createUser(t.db, { username, role: 'admin', password: 'other password', actor: 'root.admin' }))).status).toBe(409)
    expect((await rejection(resetPassword(t.db, username, { password: 'short', actor: 'root.admin' }))).message).toContain('password')
    // @ts-expect-error: a role from outside the list, as a JSON body could carry
    expect((await rejection(updateUser(t.db, username, { role: 'root' }, { actor: 'root.admin' }))).message).toContain('role')
    expect((await rejection(updateUser(t.db, username, {}, { actor: 'root.admin' }))).status).toBe(400)
    const ghost = t.name('ghost')
    expect((await rejection(updateUser(t.db, ghost, { disabled: true }, { actor: 'root.admin' }))).status).toBe(404)
    expect((await rejection(resetPassword(t.db, ghost, { actor: 'root.admin' }))).status).toBe(404)
    expect(await logOf(`user:${ghost}`)).toEqual([])
    // An entry that cannot be written (an actor too long for the log) undoes the change with it.
    await expect(createUser(t.db, { username: t.name('wanda'), role: 'viewer', password: 'wanda password', actor: 'x'.repeat(200) })).rejects.toThrow(/actor/)
    expect(await findUser(t.db, t.name('wanda'))).toBeNull()
    expect(await logOf(`user:${t.name('wanda')}`)).toEqual([])

    expect(await logOf(subject)).toEqual([['root.admin', 'user.create', { role: 'viewer' }]])
    expect(await findUser(t.db, username)).toMatchObject({ role: 'viewer', disabledAt: null })
  })

  it('disabling signs the user out and stops sign-in; enabling lets them back in', async () => {
    const username = t.name('wes')
    const user = await createUser(t.db, { username, role: 'compliance', password: 'wes password' })
    const now = new Date()
    const { token } = await createSession(t.db, user.id, now, 1)
    await updateUser(t.db, username, { disabled: true }, { actor: 'root.admin', now })
    expect(await t.db.selectFrom('sessions').select('token_hash').where('user_id', '=', user.id).execute()).toEqual([])
    expect(await getSessionUser(t.db, token, now)).toBeNull()
    expect(await verifyCredentials(t.db, username, 'wes password')).toBeNull()
    await updateUser(t.db, username, { disabled: false }, { actor: 'root.admin' })
    expect(await verifyCredentials(t.db, username, 'wes password')).toMatchObject({ username, disabledAt: null })
  })

  it('a password reset signs the user out; the generated one works and is not stored in clear', async () => {
    const username = t.name('xena')
    const user = await createUser(t.db, { username, role: 'viewer', password: 'xena password' })
    const { token } = await createSession(t.db, user.id, new Date(), 1)
    const { password } = await resetPassword(t.db, username, { actor: 'root.admin' })
    expect(password).not.toBeNull()
    expect(await getSessionUser(t.db, token, new Date())).toBeNull()
    expect(await verifyCredentials(t.db, username, 'xena password')).toBeNull()
    expect(await verifyCredentials(t.db, username, password!)).not.toBeNull()
    const row = await t.db.selectFrom('users').select('password_hash').where('id', '=', user.id).executeTakeFirstOrThrow()
    expect(row.password_hash).not.toContain(password!)
    expect(JSON.stringify(await listUsers(t.db))).not.toContain('scrypt$')
  })
})

describe('the last enabled admin', () => {
  // "Only one admin" cannot be arranged on a shared PostgreSQL, so the users are emptied inside a
  // change transaction that is always rolled back (taking the change-log lock first, as every change does).
  class Rollback extends Error {}
  async function withOnlyThese(body: (db: typeof t.db) => Promise<void>): Promise<void> {
    await inChangeTransaction(t.db, async (trx) => {
      await trx.deleteFrom('users').execute()
      await body(trx)
      throw new Rollback()
    }).catch((error: unknown) => {
      if (!(error instanceof Rollback)) throw error
    })
  }

  it('can be neither demoted nor disabled (409 saying why); another enabled admin lifts the guard', async () => {
    await withOnlyThese(async (db) => {
      const solo = t.name('solo')
      await createUser(db, { username: solo, role: 'admin', password: 'solo password' })
      for (const changes of [{ role: 'lead' as const }, { disabled: true }, { role: 'viewer' as const, disabled: true }]) {
        const error = await rejection(updateUser(db, solo, changes, { actor: solo }))
        expect([error.status, error.code]).toEqual([409, 'last_admin'])
        expect(error.message).toMatch(/last enabled admin.*make another user admin first/)
      }
      // A disabled admin does not count.
      const dormant = t.name('dormant')
      await createUser(db, { username: dormant, role: 'admin', password: 'dormant password' })
      await updateUser(db, dormant, { disabled: true }, { actor: solo })
      expect((await rejection(updateUser(db, solo, { role: 'lead' }, { actor: solo }))).status).toBe(409)
      expect(await logOf(`user:${solo}`, db)).toEqual([['system', 'user.create', { role: 'admin' }]])

      // Re-enabling the other admin lets the first step down; then the other is the last one.
      await updateUser(db, dormant, { disabled: false }, { actor: solo })
      expect((await updateUser(db, solo, { role: 'lead' }, { actor: solo })).role).toBe('lead')
      expect((await rejection(updateUser(db, dormant, { disabled: true }, { actor: dormant }))).status).toBe(409)
      // Changes that keep an enabled admin are fine.
      expect((await updateUser(db, dormant, { role: 'admin', disabled: false }, { actor: dormant })).role).toBe('admin')
    })
  })
})

describe('key changes and their change-log entries', () => {
  it('records create and the first revoke, with the name, scope and prefix but never the key or its hash', async () => {
    const actor = t.name('keymaster')
    const created = await createApiKey(t.db, { scope: 'ingest', name: 'fraud pipeline', createdBy: actor })
    t.trackKey(created.id)
    expect(created.info).toMatchObject({ id: created.id, name: 'fraud pipeline', scope: 'ingest', createdBy: actor, revokedAt: null })
    const now = new Date('2030-01-01T00:00:00Z')
    await revokeApiKey(t.db, created.id, now, 'api_key:1')
    await revokeApiKey(t.db, created.id, new Date(), 'api_key:1')
    expect((await rejection(revokeApiKey(t.db, 2_000_000_000, now, actor))).status).toBe(404)

    const log = await logOf(`key:${created.id}`)
    expect(log).toEqual([
      [actor, 'key.create', { name: 'fraud pipeline', scope: 'ingest', prefix: created.prefix }],
      ['api_key:1', 'key.revoke', { name: 'fraud pipeline', scope: 'ingest' }],
    ])
    expect(await logOf('key:2000000000')).toEqual([])
    const text = JSON.stringify(log)
    expect(text).not.toContain(created.key)
    expect(text).not.toContain(sha256Hex(created.key))
  })
})

describe('no secrets in the change log', () => {
  it('holds no password, password hash, key or key hash of this run', async () => {
    const username = t.name('yusuf')
    await createUser(t.db, { username, role: 'viewer', password: 'yusuf secret password', actor: 'root.admin' })
    const { password } = await resetPassword(t.db, username, { actor: 'root.admin' })
    const key = await createApiKey(t.db, { scope: 'admin', name: 'ops', createdBy: 'root.admin' })
    t.trackKey(key.id)
    const hash = (await t.db.selectFrom('users').select('password_hash').where('username', '=', username).executeTakeFirstOrThrow()).password_hash

    const rows = await t.db.selectFrom('change_log').select(['subject', 'payload']).where('subject', 'in', [`user:${username}`, `key:${key.id}`]).execute()
    expect(rows).toHaveLength(3)
    const text = JSON.stringify(rows)
    for (const secret of ['yusuf secret password', password!, hash, key.key, sha256Hex(key.key)]) expect(text).not.toContain(secret)
    for (const row of rows) {
      for (const field of Object.keys(row.payload as object)) expect(field).not.toMatch(/password|hash|secret|token|^key$/i)
    }
  })
})
