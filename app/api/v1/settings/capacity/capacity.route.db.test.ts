import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { USER_ROLES, type UserRole } from '@/db/relational/schema'
import { createApiKey } from '@/lib/auth/api-keys'
import { ACTOR_HEADER, issueOperatorToken, revokeOperatorToken } from '@/lib/auth/operator-token'
import { createSession } from '@/lib/auth/sessions'
import { openTestDb } from '@/lib/auth/test-db'
import { createUser } from '@/lib/auth/users'
import { CAPACITY_SUBJECT, listCapacity, replaceCapacity } from '@/lib/capacity/capacity'
import { holdCapacityTestLock } from '@/lib/capacity/test-capacity-lock'
import { PEER_ADDRESS_HEADER } from '@/lib/net/client-address'
import { GET, PUT } from './route'

// GET and PUT /api/v1/settings/capacity with a session of every role, with API keys of every
// scope, with the CLI's operator token and with no credentials (SPEC §3.3, §6).

const ORIGIN = 'http://localhost:3000'
const PATH = '/api/v1/settings/capacity'
let t: Awaited<ReturnType<typeof openTestDb>>
let releaseLock: () => Promise<void>
let operatorToken: string
const cookies = {} as Record<UserRole, string>
const users = {} as Record<UserRole, string>
const keys = {} as Record<'admin' | 'read' | 'ingest', { id: number; key: string }>

beforeAll(async () => {
  t = await openTestDb('capacity-routes')
  releaseLock = await holdCapacityTestLock(t.db)
  for (const role of USER_ROLES) {
    users[role] = t.name(role)
    const user = await createUser(t.db, { username: users[role], role, password: `${role} password` })
    cookies[role] = `oversight_session=${(await createSession(t.db, user.id, new Date(), 1)).token}`
  }
  for (const scope of ['admin', 'read', 'ingest'] as const) {
    const created = await createApiKey(t.db, { scope, name: `capacity ${scope}` })
    t.trackKey(created.id)
    keys[scope] = { id: created.id, key: created.key }
  }
  operatorToken = issueOperatorToken()
})
afterAll(async () => {
  revokeOperatorToken()
  await releaseLock?.()
  await t?.cleanup()
})

type As = UserRole | `key:${keyof typeof keys}` | 'operator' | 'nobody'

function request(method: string, as: As, body?: unknown, extra: Record<string, string> = {}): Request {
  const headers: Record<string, string> = { host: 'localhost:3000', ...extra }
  if (as === 'operator') {
    headers.authorization = `Bearer ${operatorToken}`
    headers[PEER_ADDRESS_HEADER] = '127.0.0.1'
  } else if (as.startsWith('key:')) headers.authorization = `Bearer ${keys[as.slice(4) as keyof typeof keys].key}`
  else if (as !== 'nobody') {
    headers.cookie = cookies[as as UserRole]
    headers.origin ??= ORIGIN
  }
  if (body !== undefined) headers['content-type'] = 'application/json'
  return new Request(`${ORIGIN}${PATH}`, { method, headers, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) })
}

const get = (as: As) => GET(request('GET', as), undefined)
const put = (as: As, body: unknown, extra?: Record<string, string>) => PUT(request('PUT', as, body, extra), undefined)

async function errorOf(response: Response) {
  return ((await response.json()) as { error: { code: string; message: string; details?: { issues: Array<{ path: string; message: string }> } } }).error
}

const hours = (f: (hour: number) => number) => Array.from({ length: 24 }, (_, hour) => f(hour))
const staffed = hours((h) => (h >= 8 && h < 20 ? 4 : 1))
const json = (queue: string, model: string | null = null, sla_minutes = 240) => ({
  queue,
  model,
  sla_minutes,
  sla_target: 0.9,
  target_occupancy: 0.85,
  staffed,
})

/** capacity.update entries after `afterSeq`, as their actors. */
async function capacityActors(afterSeq: number): Promise<string[]> {
  const rows = await t.db.selectFrom('change_log').select('actor').where('subject', '=', CAPACITY_SUBJECT).where('seq', '>', afterSeq).orderBy('seq').execute()
  return rows.map((r) => r.actor)
}

async function lastSeq(): Promise<number> {
  const row = await t.db.selectFrom('change_log').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirst()
  return Number(row?.seq ?? 0)
}

describe('who may read and edit capacity settings', () => {
  // SPEC §6: every role reads; lead and admin edit. Keys: read and admin read, only admin edits;
  // ingest keys do neither. The CLI's operator counts as admin.
  const table: Array<{ as: As; get: number; put: number; actor?: string; why?: RegExp }> = [
    { as: 'viewer', get: 200, put: 403, why: /role "lead" or "admin".*role "viewer"/ },
    { as: 'lead', get: 200, put: 200 },
    { as: 'ml', get: 200, put: 403, why: /role "lead" or "admin".*role "ml"/ },
    { as: 'compliance', get: 200, put: 403, why: /role "lead" or "admin".*role "compliance"/ },
    { as: 'admin', get: 200, put: 200 },
    { as: 'key:admin', get: 200, put: 200 },
    { as: 'key:read', get: 200, put: 403, why: /"admin" scope; this API key has the "read" scope/ },
    { as: 'key:ingest', get: 403, put: 403, why: /"read" scope/ },
    { as: 'operator', get: 200, put: 200 },
    { as: 'nobody', get: 401, put: 401 },
  ]

  for (const row of table) {
    it(`${row.as}: GET ${row.get}, PUT ${row.put}`, async () => {
      const before = [json('', null, 120)]
      await replaceCapacity(t.db, before.map((e) => ({ queue: e.queue, model: e.model, slaMinutes: e.sla_minutes, slaTarget: 0.9, targetOccupancy: 0.85, staffed })), 'test')
      const start = await lastSeq()

      const read = await get(row.as)
      expect(read.status).toBe(row.get)
      if (row.get === 200) {
        expect(read.headers.get('cache-control')).toBe('no-store')
        expect(await read.json()).toEqual({ entries: before })
      } else expect((await errorOf(read)).code).toBe(row.get === 401 ? 'unauthorized' : 'forbidden')

      const after = [json(''), json('kyc', 'fraud', 30)]
      const write = await put(row.as, { entries: after })
      expect(write.status).toBe(row.put)
      if (row.put === 200) {
        expect(await write.json()).toEqual({ entries: after })
        expect((await (await get('viewer')).json()) as unknown).toEqual({ entries: after })
        const actor =
          row.as === 'operator' ? 'cli' : row.as.startsWith('key:') ? `api_key:${keys[row.as.slice(4) as keyof typeof keys].id}` : users[row.as as UserRole]
        expect(await capacityActors(start)).toEqual([actor])
      } else {
        const error = await errorOf(write)
        expect(error.code).toBe(row.put === 401 ? 'unauthorized' : 'forbidden')
        if (row.why) expect(error.message).toMatch(row.why)
        // Refused: nothing changed, nothing logged.
        expect((await (await get('admin')).json()) as unknown).toEqual({ entries: before })
        expect(await capacityActors(start)).toEqual([])
      }
    })
  }

  it('the operator acts as the user named by --by', async () => {
    const start = await lastSeq()
    const response = await put('operator', { entries: [json('ops')] }, { [ACTOR_HEADER]: users.lead })
    expect(response.status).toBe(200)
    expect(await capacityActors(start)).toEqual([users.lead])
  })

  it('refuses a cross-site or origin-less session PUT (CSRF), even from a lead', async () => {
    const kept = await listCapacity(t.db)
    for (const origin of ['https://evil.example', 'null']) {
      const response = await put('lead', { entries: [] }, { origin })
      expect([response.status, (await errorOf(response)).code], origin).toEqual([403, 'csrf_failed'])
    }
    const bare = new Request(`${ORIGIN}${PATH}`, {
      method: 'PUT',
      headers: { host: 'localhost:3000', cookie: cookies.admin, 'content-type': 'application/json' },
      body: JSON.stringify({ entries: [] }),
    })
    expect((await PUT(bare, undefined)).status).toBe(403)
    expect(await listCapacity(t.db)).toEqual(kept)
  })
})

describe('PUT validation', () => {
  it('answers 400 naming the field with its index, and changes nothing', async () => {
    await put('admin', { entries: [json(''), json('kyc')] })
    const start = await lastSeq()
    const ok = json('q')
    const cases: Array<[unknown, string, RegExp]> = [
      [{ entries: [ok, json('r'), { ...json('s'), staffed: hours((h) => (h === 5 ? 2.5 : 1)) }] }, 'entries.2.staffed.5', /must be a whole number ≥ 0/],
      [{ entries: [{ ...ok, staffed: hours((h) => (h === 0 ? -1 : 0)) }] }, 'entries.0.staffed.0', /whole number ≥ 0/],
      [{ entries: [{ ...ok, staffed: staffed.slice(0, 23) }] }, 'entries.0.staffed', /exactly 24/],
      [{ entries: [{ ...ok, sla_minutes: 0 }] }, 'entries.0.sla_minutes', /more than 0/],
      [{ entries: [ok, { ...json('r'), sla_target: 1.5 }] }, 'entries.1.sla_target', /at most 1/],
      [{ entries: [{ ...ok, target_occupancy: 0 }] }, 'entries.0.target_occupancy', /more than 0/],
      [{ entries: [{ ...ok, queue: undefined }] }, 'entries.0.queue', /required/],
      [{ entries: [{ ...ok, model: 42 }] }, 'entries.0.model', /string/],
      [{ entries: [{ ...ok, reviewers: 3 }] }, 'entries.0.reviewers', /unknown field/],
      [{ entries: [ok], replace: true }, 'replace', /unknown field/],
      [{ entries: [json('a', 'm'), json('b'), json('a', 'm')] }, 'entries.2.queue', /queue "a" and model "m" are listed twice \(entries 0 and 2\)/],
      [{}, 'entries', /required/],
      [{ entries: Array.from({ length: 201 }, (_, i) => ({ queue: `q${i}`, staffed: [] })) }, 'entries', /at most 200/],
    ]
    for (const [body, path, message] of cases) {
      const response = await put('lead', body)
      expect(response.status, path).toBe(400)
      const error = await errorOf(response)
      expect(error.code).toBe('invalid_request')
      expect(error.message).toContain(`Invalid field ${path}:`)
      expect(error.details?.issues[0].path).toBe(path)
      expect(error.details?.issues[0].message).toMatch(message)
    }
    const notJson = await put('lead', '{"entries": [')
    expect([notJson.status, (await errorOf(notJson)).message]).toEqual([400, expect.stringContaining('not valid JSON')])
    const tooLarge = await put('lead', JSON.stringify({ entries: [], padding: 'x'.repeat(70_000) }))
    expect(tooLarge.status).toBe(413)

    expect((await (await get('viewer')).json()) as unknown).toEqual({ entries: [json(''), json('kyc')] })
    expect(await capacityActors(start)).toEqual([])
  })

  it('fills in defaults, reads "" as any model, answers sorted; a PUT of the same set records nothing', async () => {
    const response = await put('lead', { entries: [{ queue: 'kyc', model: '', staffed }, { queue: '', model: 'fraud', sla_minutes: 45.5, staffed }, { queue: '', staffed }] })
    expect(response.status).toBe(200)
    const expected = { entries: [json(''), { ...json('', 'fraud'), sla_minutes: 45.5 }, json('kyc')] }
    expect(await response.json()).toEqual(expected)
    const start = await lastSeq()
    const again = await put('admin', expected)
    expect(await again.json()).toEqual(expected)
    expect(await capacityActors(start)).toEqual([])
    // An empty list clears the settings (capacity not configured), and is recorded.
    expect(await (await put('admin', { entries: [] })).json()).toEqual({ entries: [] })
    expect(await capacityActors(start)).toEqual([users.admin])
  })
})
