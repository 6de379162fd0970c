import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { HttpError } from '@/lib/http-error'
import { inChangeTransaction } from '@/lib/audit/change-log'
import { createApiKey, listApiKeys, revokeApiKey, verifyApiKey } from './api-keys'
import { ensureAdmin } from './bootstrap'
import { sha256Hex } from './random'
import { createSession, deleteSession, getSessionUser } from './sessions'
import { openTestDb } from './test-db'
import { createUser, findUser, listUsers, setPassword, verifyCredentials } from './users'

let t: Awaited<ReturnType<typeof openTestDb>>
beforeAll(async () => {
  t = await openTestDb('auth')
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

const HOUR = 3_600_000

describe('users', () => {
  it('creates, finds, lists and verifies a user; stores only a scrypt hash', async () => {
    const username = t.name('alice')
    const user = await createUser(t.db, { username, role: 'lead', password: 'alice password' })
    expect(user).toMatchObject({ username, role: 'lead', disabledAt: null })
    expect(user).not.toHaveProperty('password_hash')
    expect(await findUser(t.db, username)).toEqual(user)
    expect((await listUsers(t.db)).map((u) => u.username)).toContain(username)

    const row = await t.db.selectFrom('users').select('password_hash').where('id', '=', user.id).executeTakeFirstOrThrow()
    expect(row.password_hash).toMatch(/^scrypt\$/)
    expect(row.password_hash).not.toContain('alice password')

    expect(await verifyCredentials(t.db, username, 'alice password')).toEqual(user)
    expect(await verifyCredentials(t.db, username, 'wrong password')).toBeNull()
    expect(await verifyCredentials(t.db, t.name('nobody'), 'alice password')).toBeNull()
    expect(await verifyCredentials(t.db, 'not a valid name!', 'alice password')).toBeNull()
  })

  it('refuses a taken username (409) and bad fields (400 naming the field)', async () => {
    const username = t.name('bob')
    await createUser(t.db, { username, role: 'viewer', password: 'bob password' })
    expect((await rejection(createUser(t.db, { username, role: 'viewer', password: 'other password' }))).status).toBe(409)

    const badName = await rejection(createUser(t.db, { username: 'bad name', role: 'viewer', password: 'long enough' }))
    expect([badName.status, badName.message]).toEqual([400, expect.stringContaining('username')])
    expect((await rejection(createUser(t.db, { username: 'x'.repeat(65), role: 'viewer', password: 'long enough' }))).status).toBe(400)
    // @ts-expect-error: a role from outside the list, as a JSON body could carry
    const badRole = await rejection(createUser(t.db, { username: t.name('carol'), role: 'root', password: 'long enough' }))
    expect(badRole.message).toContain('role')
    const badPassword = await rejection(createUser(t.db, { username: t.name('carol'), role: 'viewer', password: 'short' }))
    expect(badPassword.message).toContain('password')
    expect(await findUser(t.db, t.name('carol'))).toBeNull()
  })

  it('a disabled user can neither sign in nor use a session', async () => {
    const username = t.name('dave')
    const user = await createUser(t.db, { username, role: 'ml', password: 'dave password' })
    const now = new Date()
    const { token } = await createSession(t.db, user.id, now, 1)
    await t.db.updateTable('users').set({ disabled_at: now }).where('id', '=', user.id).execute()
    expect(await verifyCredentials(t.db, username, 'dave password')).toBeNull()
    expect(await getSessionUser(t.db, token, now)).toBeNull()
  })

  it('setPassword replaces the password and ends the sessions', async () => {
    const username = t.name('erin')
    const user = await createUser(t.db, { username, role: 'compliance', password: 'old password' })
    const now = new Date()
    const { token } = await createSession(t.db, user.id, now, 1)
    await setPassword(t.db, username, 'new password')
    expect(await verifyCredentials(t.db, username, 'old password')).toBeNull()
    expect(await verifyCredentials(t.db, username, 'new password')).not.toBeNull()
    expect(await getSessionUser(t.db, token, now)).toBeNull()
    expect((await rejection(setPassword(t.db, t.name('ghost'), 'whatever123'))).status).toBe(404)
  })
})

describe('sessions', () => {
  it('stores the token hashed and expires it at the TTL', async () => {
    const user = await createUser(t.db, { username: t.name('frank'), role: 'viewer', password: 'frank password' })
    const now = new Date('2030-01-01T00:00:00Z')
    const { token, expiresAt } = await createSession(t.db, user.id, now, 2)
    expect(expiresAt.toISOString()).toBe('2030-01-01T02:00:00.000Z')
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/)

    const rows = await t.db.selectFrom('sessions').selectAll().where('user_id', '=', user.id).execute()
    expect(rows).toHaveLength(1)
    expect(rows[0].token_hash).toBe(sha256Hex(token))
    expect(rows[0].token_hash).not.toBe(token)

    const expected = { id: user.id, username: user.username, role: 'viewer' }
    expect(await getSessionUser(t.db, token, new Date(now.getTime() + 2 * HOUR - 1))).toEqual(expected)
    expect(await getSessionUser(t.db, token, new Date(now.getTime() + 2 * HOUR))).toBeNull()
    expect(await getSessionUser(t.db, `${token}x`, now)).toBeNull()
    expect(await getSessionUser(t.db, undefined, now)).toBeNull()

    await deleteSession(t.db, token)
    expect(await getSessionUser(t.db, token, now)).toBeNull()
  })

  it('sweeps expired sessions when a new one starts', async () => {
    const user = await createUser(t.db, { username: t.name('gina'), role: 'viewer', password: 'gina password' })
    const past = new Date('2020-01-01T00:00:00Z')
    await createSession(t.db, user.id, past, 1)
    await createSession(t.db, user.id, new Date(past.getTime() + 3 * HOUR), 1)
    const rows = await t.db.selectFrom('sessions').select('expires_at').where('user_id', '=', user.id).execute()
    expect(rows.map((r) => r.expires_at.toISOString())).toEqual(['2020-01-01T04:00:00.000Z'])
  })
})

describe('API keys', () => {
  it('create → verify → revoke → verify null; only the hash is stored', async () => {
    const created = await createApiKey(t.db, { scope: 'ingest', name: 'pipeline', createdBy: t.name('ops') })
    t.trackKey(created.id)
    expect(created.key).toMatch(/^ovs_[A-Za-z0-9]{40}$/)
    expect(created.prefix).toBe(created.key.slice(0, 12))
    expect(created).toMatchObject({ scope: 'ingest', name: 'pipeline' })

    const row = await t.db.selectFrom('api_keys').selectAll().where('id', '=', created.id).executeTakeFirstOrThrow()
    expect(row.key_hash).toBe(sha256Hex(created.key))
    expect(Object.values(row).map(String)).not.toContain(created.key)

    const now = new Date('2030-01-01T00:00:00Z')
    const verified = await verifyApiKey(t.db, created.key, now)
    expect(verified).toMatchObject({ id: created.id, scope: 'ingest', revokedAt: null, lastUsedAt: now })
    expect((await listApiKeys(t.db)).find((k) => k.id === created.id)).toMatchObject({ name: 'pipeline', prefix: created.prefix })
    expect(JSON.stringify(await listApiKeys(t.db))).not.toContain(created.key)

    const revoked = await revokeApiKey(t.db, created.id, now)
    expect(revoked.revokedAt?.toISOString()).toBe(now.toISOString())
    expect(await verifyApiKey(t.db, created.key, now)).toBeNull()
    // Revoking again keeps the first time.
    expect((await revokeApiKey(t.db, created.id, new Date())).revokedAt?.toISOString()).toBe(now.toISOString())
  })

  it('records last use at most once a minute', async () => {
    const created = await createApiKey(t.db, { scope: 'read' })
    t.trackKey(created.id)
    expect(created.name).toBe('read key')
    const t0 = new Date('2030-01-01T00:00:00Z')
    const at = (ms: number) => new Date(t0.getTime() + ms)
    const lastUsed = async () =>
      (await t.db.selectFrom('api_keys').select('last_used_at').where('id', '=', created.id).executeTakeFirstOrThrow()).last_used_at?.toISOString()
    await verifyApiKey(t.db, created.key, t0)
    expect(await lastUsed()).toBe(t0.toISOString())
    await verifyApiKey(t.db, created.key, at(30_000))
    expect(await lastUsed()).toBe(t0.toISOString())
    await verifyApiKey(t.db, created.key, at(61_000))
    expect(await lastUsed()).toBe(at(61_000).toISOString())
  })

  it('rejects unknown ids, bad scopes and malformed keys', async () => {
    expect((await rejection(revokeApiKey(t.db, 2_000_000_000))).status).toBe(404)
    // @ts-expect-error: a scope from outside the list
    expect((await rejection(createApiKey(t.db, { scope: 'write' }))).status).toBe(400)
    expect(await verifyApiKey(t.db, 'ovs_short')).toBeNull()
    expect(await verifyApiKey(t.db, `ovs_${'A'.repeat(40)}`)).toBeNull()
    expect(await verifyApiKey(t.db, '')).toBeNull()
  })
})

describe('ensureAdmin', () => {
  // "No user at all" cannot be arranged on a shared PostgreSQL, so the store is emptied inside a
  // transaction that is always rolled back: nothing outside this test sees the change. It is a
  // change transaction, which takes the change-log lock before touching users as every change
  // does: locking the other way round could deadlock with another test file's change.
  class Rollback extends Error {}
  async function withEmptyUsers(body: (db: typeof t.db) => Promise<void>): Promise<void> {
    await inChangeTransaction(t.db, async (trx) => {
      await trx.deleteFrom('users').execute()
      await body(trx)
      throw new Rollback()
    }).catch((error: unknown) => {
      if (!(error instanceof Rollback)) throw error
    })
  }

  it('creates admin once with a one-time password it shows once', async () => {
    await withEmptyUsers(async (db) => {
      const lines: string[] = []
      expect(await ensureAdmin(db, { log: (line) => lines.push(line) })).toBe(true)
      expect(lines).toHaveLength(1)
      const password = /as admin with password ([A-Za-z0-9]{20})\b/.exec(lines[0])?.[1]
      expect(password).toBeDefined()
      expect(lines[0]).toContain('http://localhost:3000/login')
      expect(lines[0]).toContain('shown once')
      expect(await verifyCredentials(db, 'admin', password!)).toMatchObject({ username: 'admin', role: 'admin' })

      expect(await ensureAdmin(db, { log: (line) => lines.push(line), adminPassword: 'ignored password' })).toBe(false)
      expect(lines).toHaveLength(1)
      // OVERSIGHT_ADMIN_PASSWORD does not change an existing admin.
      expect(await verifyCredentials(db, 'admin', 'ignored password')).toBeNull()
    })
  })

  it('uses OVERSIGHT_ADMIN_PASSWORD on an empty store without printing it', async () => {
    await withEmptyUsers(async (db) => {
      const lines: string[] = []
      expect(await ensureAdmin(db, { adminPassword: 'chosen admin password', log: (line) => lines.push(line) })).toBe(true)
      expect(lines.join('\n')).not.toContain('chosen admin password')
      expect(await verifyCredentials(db, 'admin', 'chosen admin password')).not.toBeNull()
    })
  })

  it('says clearly when OVERSIGHT_ADMIN_PASSWORD is too short', async () => {
    await withEmptyUsers(async (db) => {
      await expect(ensureAdmin(db, { adminPassword: 'short', log: () => {} })).rejects.toThrow(/OVERSIGHT_ADMIN_PASSWORD.*at least 8/)
    })
  })
})
