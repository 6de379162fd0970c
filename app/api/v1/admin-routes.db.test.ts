import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createApiKey } from '@/lib/auth/api-keys'
import { requireAuth } from '@/lib/auth/guard'
import { createSession } from '@/lib/auth/sessions'
import { openTestDb } from '@/lib/auth/test-db'
import { createUser, verifyCredentials } from '@/lib/auth/users'
import { keysCommand } from '@/scripts/commands/keys'
import { usersCommand } from '@/scripts/commands/users'
import { UsageError } from '@/scripts/cli-args'
import { GET as getLog } from './audit/log/route'
import { POST as revokeKey } from './keys/[id]/revoke/route'
import { GET as listKeys, POST as createKey } from './keys/route'
import { POST as resetPassword } from './users/[username]/password/route'
import { PATCH as patchUser } from './users/[username]/route'
import { GET as listUsers, POST as createUserRoute } from './users/route'

// The admin API (/api/v1/users, /api/v1/keys) and GET /api/v1/audit/log, with sessions of every
// kind of role and with API keys; the CLI's changes land in the same change log.

const ORIGIN = 'http://localhost:3000'
let t: Awaited<ReturnType<typeof openTestDb>>
let adminName: string
const cookies = {} as Record<'admin' | 'lead' | 'viewer', string>
const keys = {} as Record<'admin' | 'read' | 'ingest', { id: number; key: string }>

beforeAll(async () => {
  t = await openTestDb('admin-routes')
  adminName = t.name('root')
  for (const role of ['admin', 'lead', 'viewer'] as const) {
    const user = await createUser(t.db, { username: role === 'admin' ? adminName : t.name(role), role, password: `${role} password` })
    cookies[role] = `oversight_session=${(await createSession(t.db, user.id, new Date(), 1)).token}`
  }
  for (const scope of ['admin', 'read', 'ingest'] as const) {
    const created = await createApiKey(t.db, { scope, name: `routes ${scope}` })
    t.trackKey(created.id)
    keys[scope] = { id: created.id, key: created.key }
  }
})
afterAll(async () => {
  await t?.cleanup()
})

type As = keyof typeof cookies | `key:${keyof typeof keys}` | 'nobody'

function request(method: string, path: string, as: As, body?: unknown): Request {
  const headers: Record<string, string> = { host: 'localhost:3000' }
  if (as.startsWith('key:')) headers.authorization = `Bearer ${keys[as.slice(4) as keyof typeof keys].key}`
  else if (as !== 'nobody') {
    headers.cookie = cookies[as as keyof typeof cookies]
    headers.origin = ORIGIN
  }
  if (body !== undefined) headers['content-type'] = 'application/json'
  return new Request(`${ORIGIN}${path}`, { method, headers, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) })
}

const params = <P>(value: P) => ({ params: Promise.resolve(value) })

/** Every admin endpoint, called as `as`, with a body that would be valid for an admin. */
function adminCalls(as: As): Array<[string, () => Promise<Response>]> {
  const victim = t.name('viewer')
  return [
    ['GET /users', () => listUsers(request('GET', '/api/v1/users', as), undefined)],
    ['POST /users', () => createUserRoute(request('POST', '/api/v1/users', as, { username: t.name('never'), role: 'viewer' }), undefined)],
    ['PATCH /users/{u}', () => patchUser(request('PATCH', `/api/v1/users/${victim}`, as, { role: 'ml' }), params({ username: victim }))],
    ['POST /users/{u}/password', () => resetPassword(request('POST', `/api/v1/users/${victim}/password`, as, {}), params({ username: victim }))],
    ['GET /keys', () => listKeys(request('GET', '/api/v1/keys', as), undefined)],
    ['POST /keys', () => createKey(request('POST', '/api/v1/keys', as, { name: 'never', scope: 'read' }), undefined)],
    ['POST /keys/{id}/revoke', () => revokeKey(request('POST', `/api/v1/keys/${keys.read.id}/revoke`, as), params({ id: String(keys.read.id) }))],
  ]
}

async function errorOf(response: Response) {
  return ((await response.json()) as { error: { code: string; message: string; details?: { issues: Array<{ path: string }> } } }).error
}

/** The entries about `subject`, in order, as [actor, action]. */
async function logOf(subject: string) {
  const rows = await t.db.selectFrom('change_log').select(['actor', 'action']).where('subject', '=', subject).orderBy('seq').execute()
  return rows.map((r) => [r.actor, r.action])
}

describe('who may use the admin API', () => {
  it('answers 403 to lead and viewer sessions and to read and ingest keys, 401 without credentials', async () => {
    for (const as of ['lead', 'viewer', 'key:read', 'key:ingest', 'nobody'] as const) {
      for (const [name, call] of adminCalls(as)) {
        const response = await call()
        expect(response.status, `${name} as ${as}`).toBe(as === 'nobody' ? 401 : 403)
        expect((await errorOf(response)).code).toBe(as === 'nobody' ? 'unauthorized' : 'forbidden')
      }
    }
    // Nothing was changed on the way.
    expect(await logOf(`user:${t.name('never')}`)).toEqual([])
    expect(await logOf(`user:${t.name('viewer')}`)).toEqual([['system', 'user.create']])
    expect(await logOf(`key:${keys.read.id}`)).toEqual([['system', 'key.create']])
  })

  it('refuses a cross-site admin session request (CSRF)', async () => {
    const forged = new Request(`${ORIGIN}/api/v1/keys`, {
      method: 'POST',
      headers: { host: 'localhost:3000', cookie: cookies.admin, origin: 'https://evil.example', 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'forged', scope: 'admin' }),
    })
    const response = await createKey(forged, undefined)
    expect([response.status, (await errorOf(response)).code]).toEqual([403, 'csrf_failed'])
  })
})

describe('/api/v1/users', () => {
  it('lists users without password hashes', async () => {
    for (const as of ['admin', 'key:admin'] as const) {
      const response = await listUsers(request('GET', '/api/v1/users', as), undefined)
      expect(response.status).toBe(200)
      const text = await response.text()
      expect(text).not.toContain('scrypt$')
      expect(text).not.toContain('password')
      const { users } = JSON.parse(text) as { users: Array<Record<string, unknown>> }
      expect(users.find((u) => u.username === t.name('lead'))).toEqual({
        id: expect.any(Number),
        username: t.name('lead'),
        role: 'lead',
        disabled: false,
        created_at: expect.stringMatching(/Z$/),
        disabled_at: null,
      })
    }
  })

  it('creates a user with a one-time password answered once, or with a given one', async () => {
    const generated = await createUserRoute(request('POST', '/api/v1/users', 'admin', { username: t.name('gail'), role: 'lead' }), undefined)
    expect(generated.status).toBe(201)
    expect(generated.headers.get('cache-control')).toBe('no-store')
    const body = (await generated.json()) as { username: string; role: string; password: string }
    expect(body).toMatchObject({ username: t.name('gail'), role: 'lead', disabled: false, password: expect.stringMatching(/^[A-Za-z0-9]{20}$/) })
    expect(await verifyCredentials(t.db, t.name('gail'), body.password)).not.toBeNull()

    const given = await createUserRoute(request('POST', '/api/v1/users', 'key:admin', { username: t.name('hugo'), role: 'ml', password: 'hugo password' }), undefined)
    expect(given.status).toBe(201)
    expect(await given.json()).not.toHaveProperty('password')
    expect(await verifyCredentials(t.db, t.name('hugo'), 'hugo password')).not.toBeNull()

    expect(await logOf(`user:${t.name('gail')}`)).toEqual([[adminName, 'user.create']])
    expect(await logOf(`user:${t.name('hugo')}`)).toEqual([[`api_key:${keys.admin.id}`, 'user.create']])

    const taken = await createUserRoute(request('POST', '/api/v1/users', 'admin', { username: t.name('gail'), role: 'viewer' }), undefined)
    expect([taken.status, (await errorOf(taken)).code]).toEqual([409, 'conflict'])
  })

  it('answers 400 naming the field, and refuses unknown fields', async () => {
    const cases: Array<[unknown, string]> = [
      [{ username: 'bad name', role: 'viewer' }, 'username'],
      [{ role: 'viewer' }, 'username'],
      [{ username: t.name('ivy'), role: 'root' }, 'role'],
      [{ username: t.name('ivy') }, 'role'],
      [{ username: t.name('ivy'), role: 'viewer', password: 'short' }, 'password'],
      [{ username: t.name('ivy'), role: 'viewer', email: 'ivy@example.com' }, 'email'],
    ]
    for (const [body, field] of cases) {
      const response = await createUserRoute(request('POST', '/api/v1/users', 'admin', body), undefined)
      expect(response.status, JSON.stringify(body)).toBe(400)
      const error = await errorOf(response)
      expect(error.code).toBe('invalid_request')
      expect(error.message).toContain(field)
      expect(error.details?.issues[0].path).toBe(field)
    }
    const notJson = await createUserRoute(request('POST', '/api/v1/users', 'admin', '{"username": '), undefined)
    expect([notJson.status, (await errorOf(notJson)).message]).toEqual([400, expect.stringContaining('not valid JSON')])
    expect(await logOf(`user:${t.name('ivy')}`)).toEqual([])
  })

  it('PATCH changes the role and disables or enables; 400, 404 otherwise', async () => {
    const username = t.name('jules')
    await createUser(t.db, { username, role: 'viewer', password: 'jules password' })
    const patch = (body: unknown, as: As = 'admin', name = username) =>
      patchUser(request('PATCH', `/api/v1/users/${encodeURIComponent(name)}`, as, body), params({ username: name }))

    const promoted = await patch({ role: 'compliance' })
    expect(promoted.status).toBe(200)
    expect(await promoted.json()).toMatchObject({ username, role: 'compliance', disabled: false })
    const disabled = await patch({ disabled: true }, 'key:admin')
    expect(await disabled.json()).toMatchObject({ disabled: true, disabled_at: expect.stringMatching(/Z$/) })
    expect(await (await patch({ disabled: false })).json()).toMatchObject({ disabled: false, disabled_at: null })

    for (const [body, field] of [
      [{}, ''],
      [{ role: 'root' }, 'role'],
      [{ disabled: 'yes' }, 'disabled'],
      [{ role: 'lead', username: 'other' }, 'username'],
    ] as const) {
      const response = await patch(body)
      expect(response.status, JSON.stringify(body)).toBe(400)
      const error = await errorOf(response)
      expect(error.details?.issues[0].path).toBe(field)
      if (field) expect(error.message).toContain(field)
      else expect(error.message).toContain('role or disabled')
    }
    const missing = await patch({ role: 'lead' }, 'admin', t.name('nobody'))
    expect([missing.status, (await errorOf(missing)).code]).toEqual([404, 'not_found'])

    expect(await logOf(`user:${username}`)).toEqual([
      ['system', 'user.create'],
      [adminName, 'user.role_change'],
      [`api_key:${keys.admin.id}`, 'user.disable'],
      [adminName, 'user.enable'],
    ])
  })

  it('POST …/password resets to a generated one-time password or a given one', async () => {
    const username = t.name('kim')
    await createUser(t.db, { username, role: 'viewer', password: 'kim password' })
    const reset = (body: unknown, name = username) =>
      resetPassword(request('POST', `/api/v1/users/${name}/password`, 'admin', body), params({ username: name }))

    const generated = await reset({})
    expect(generated.status).toBe(200)
    const { password } = (await generated.json()) as { password: string }
    expect(password).toMatch(/^[A-Za-z0-9]{20}$/)
    expect(await verifyCredentials(t.db, username, password)).not.toBeNull()
    // A bare POST (no body) also generates one.
    const bare = await resetPassword(request('POST', `/api/v1/users/${username}/password`, 'admin'), params({ username }))
    expect(((await bare.json()) as { password?: string }).password).toMatch(/^[A-Za-z0-9]{20}$/)

    const given = await reset({ password: 'kim new password' })
    expect(await given.json()).not.toHaveProperty('password')
    expect(await verifyCredentials(t.db, username, 'kim new password')).not.toBeNull()

    const short = await reset({ password: 'short' })
    expect([short.status, (await errorOf(short)).details?.issues[0].path]).toEqual([400, 'password'])
    const unknown = await reset({ password: 'long enough', expires: true })
    expect([unknown.status, (await errorOf(unknown)).details?.issues[0].path]).toEqual([400, 'expires'])
    expect((await reset({}, t.name('nobody'))).status).toBe(404)
    expect(await logOf(`user:${username}`)).toEqual([
      ['system', 'user.create'],
      [adminName, 'user.password_reset'],
      [adminName, 'user.password_reset'],
      [adminName, 'user.password_reset'],
    ])
  })
})

describe('/api/v1/keys', () => {
  it('creates a key answered once, lists keys without it, revokes it', async () => {
    const response = await createKey(request('POST', '/api/v1/keys', 'admin', { name: '  fraud pipeline ', scope: 'ingest' }), undefined)
    expect(response.status).toBe(201)
    expect(response.headers.get('cache-control')).toBe('no-store')
    const created = (await response.json()) as { id: number; key: string; prefix: string }
    t.trackKey(created.id)
    expect(created).toMatchObject({ name: 'fraud pipeline', scope: 'ingest', created_by: adminName, revoked_at: null, last_used_at: null })
    expect(created.key).toMatch(/^ovs_[A-Za-z0-9]{40}$/)
    expect(created.key.startsWith(created.prefix)).toBe(true)
    // The new key works at once, for its scope.
    const use = new Request(`${ORIGIN}/api/v1/events`, { method: 'POST', headers: { authorization: `Bearer ${created.key}` } })
    expect(await requireAuth(use, 'ingest')).toMatchObject({ kind: 'api_key', keyId: created.id })

    for (const as of ['admin', 'key:admin'] as const) {
      const listed = await listKeys(request('GET', '/api/v1/keys', as), undefined)
      const text = await listed.text()
      expect(text).not.toContain(created.key)
      const entry = (JSON.parse(text) as { keys: Array<{ id: number; last_used_at: string | null }> }).keys.find((k) => k.id === created.id)
      expect(entry).toMatchObject({ prefix: created.prefix, scope: 'ingest', last_used_at: expect.stringMatching(/Z$/) })
    }

    const revoked = await revokeKey(request('POST', `/api/v1/keys/${created.id}/revoke`, 'key:admin'), params({ id: String(created.id) }))
    expect(revoked.status).toBe(200)
    expect(await revoked.json()).toMatchObject({ id: created.id, revoked_at: expect.stringMatching(/Z$/) })
    // Again: idempotent, not logged twice.
    expect((await revokeKey(request('POST', `/api/v1/keys/${created.id}/revoke`, 'admin'), params({ id: String(created.id) }))).status).toBe(200)
    await expect(requireAuth(use, 'ingest')).rejects.toMatchObject({ status: 401 })
    expect(await logOf(`key:${created.id}`)).toEqual([
      [adminName, 'key.create'],
      [`api_key:${keys.admin.id}`, 'key.revoke'],
    ])
  })

  it('answers 400 naming the field or parameter, 404 for an unknown key', async () => {
    for (const [body, field] of [
      [{ name: '   ', scope: 'ingest' }, 'name'],
      [{ scope: 'ingest' }, 'name'],
      [{ name: 'x'.repeat(129), scope: 'ingest' }, 'name'],
      [{ name: 'pipeline', scope: 'write' }, 'scope'],
      [{ name: 'pipeline' }, 'scope'],
      [{ name: 'pipeline', scope: 'ingest', expires_at: '2030-01-01' }, 'expires_at'],
    ] as const) {
      const response = await createKey(request('POST', '/api/v1/keys', 'admin', body), undefined)
      expect(response.status, JSON.stringify(body)).toBe(400)
      const error = await errorOf(response)
      expect(error.message).toContain(field)
      expect(error.details?.issues[0].path).toBe(field)
    }
    for (const id of ['abc', '0', '-1', '1.5', '1e3']) {
      const response = await revokeKey(request('POST', `/api/v1/keys/${id}/revoke`, 'admin'), params({ id }))
      expect(response.status, id).toBe(400)
      expect((await errorOf(response)).details?.issues[0].path).toBe('id')
    }
    for (const id of ['2000000000', '9999999999']) {
      const response = await revokeKey(request('POST', `/api/v1/keys/${id}/revoke`, 'admin'), params({ id }))
      expect([response.status, (await errorOf(response)).code], id).toEqual([404, 'not_found'])
    }
    const withBody = await revokeKey(request('POST', `/api/v1/keys/${keys.ingest.id}/revoke`, 'admin', { reason: 'x' }), params({ id: String(keys.ingest.id) }))
    expect([withBody.status, (await errorOf(withBody)).details?.issues[0].path]).toEqual([400, 'reason'])
    expect(await logOf(`key:${keys.ingest.id}`)).toEqual([['system', 'key.create']])
  })
})

describe('GET /api/v1/audit/log', () => {
  it('every role and read keys may read it, newest first, paged by cursor', async () => {
    const username = t.name('logged')
    await createUser(t.db, { username, role: 'viewer', password: 'logged password', actor: adminName })
    for (const role of ['ml', 'lead', 'compliance'] as const) await patchUser(request('PATCH', `/api/v1/users/${username}`, 'admin', { role }), params({ username }))

    for (const as of ['viewer', 'lead', 'admin', 'key:read', 'key:admin'] as const) {
      const response = await getLog(request('GET', '/api/v1/audit/log?limit=500', as), undefined)
      expect(response.status, as).toBe(200)
      const { entries } = (await response.json()) as { entries: Array<{ seq: number; subject: string; action: string; payload: unknown }> }
      const ours = entries.filter((e) => e.subject === `user:${username}`)
      expect(ours.map((e) => [e.action, e.payload])).toEqual([
        ['user.role_change', { from: 'lead', to: 'compliance' }],
        ['user.role_change', { from: 'ml', to: 'lead' }],
        ['user.role_change', { from: 'viewer', to: 'ml' }],
        ['user.create', { role: 'viewer' }],
      ])
      expect(entries.map((e) => e.seq)).toEqual([...entries.map((e) => e.seq)].sort((a, b) => b - a))
    }
    expect((await getLog(request('GET', '/api/v1/audit/log', 'key:ingest'), undefined)).status).toBe(403)
    expect((await getLog(request('GET', '/api/v1/audit/log', 'nobody'), undefined)).status).toBe(401)

    const first = (await (await getLog(request('GET', '/api/v1/audit/log?limit=2', 'viewer'), undefined)).json()) as {
      entries: Array<{ seq: number }>
      next_cursor: string | null
    }
    expect(first.entries).toHaveLength(2)
    expect(first.next_cursor).toBe(String(first.entries[1].seq))
    const second = (await (await getLog(request('GET', `/api/v1/audit/log?limit=2&cursor=${first.next_cursor}`, 'viewer'), undefined)).json()) as {
      entries: Array<{ seq: number }>
    }
    expect(second.entries[0].seq).toBeLessThan(first.entries[1].seq)
  })

  it('answers 400 naming a bad parameter', async () => {
    for (const [query, parameter] of [
      ['limit=0', 'limit'],
      ['limit=501', 'limit'],
      ['limit=ten', 'limit'],
      ['cursor=-3', 'cursor'],
      ['before=3', 'before'],
    ]) {
      const response = await getLog(request('GET', `/api/v1/audit/log?${query}`, 'viewer'), undefined)
      expect(response.status, query).toBe(400)
      const error = await errorOf(response)
      expect(error.message).toContain(parameter)
      expect(error.details?.issues[0].path).toBe(parameter)
    }
  })
})

describe('the CLI records its changes in the same log', () => {
  async function cli(command: typeof usersCommand, argv: string[]): Promise<Record<string, unknown>> {
    let out = ''
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      out += String(chunk)
      return true
    })
    const quiet = vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
    try {
      expect(await command(argv)).toBe(0)
    } finally {
      write.mockRestore()
      quiet.mockRestore()
    }
    return JSON.parse(out) as Record<string, unknown>
  }

  it('with --by USER as the actor, else "cli"', async () => {
    const username = t.name('lars')
    const created = await cli(usersCommand, ['create', username, '--role', 'viewer'])
    expect(created).toMatchObject({ username, role: 'viewer', password: expect.stringMatching(/^[A-Za-z0-9]{20}$/) })
    await cli(usersCommand, ['set-role', username, '--role', 'lead', '--by', adminName])
    await cli(usersCommand, ['disable', username, '--by', adminName])
    await cli(usersCommand, ['enable', username])
    await cli(usersCommand, ['passwd', username, '--password', 'lars password'])
    const key = await cli(keysCommand, ['create', '--scope', 'read', '--name', 'cli key', '--by', adminName])
    t.trackKey(key.id as number)
    expect(key).toMatchObject({ name: 'cli key', scope: 'read', created_by: adminName, key: expect.stringMatching(/^ovs_/) })
    await cli(keysCommand, ['revoke', String(key.id)])

    expect(await logOf(`user:${username}`)).toEqual([
      ['cli', 'user.create'],
      [adminName, 'user.role_change'],
      [adminName, 'user.disable'],
      ['cli', 'user.enable'],
      ['cli', 'user.password_reset'],
    ])
    expect(await logOf(`key:${key.id}`)).toEqual([
      [adminName, 'key.create'],
      ['cli', 'key.revoke'],
    ])
    await expect(usersCommand(['disable', username, '--by', t.name('nobody')])).rejects.toThrow(UsageError)
    await expect(usersCommand(['set-role', username, '--role', 'root'])).rejects.toThrow(/--role/)
  })
})
