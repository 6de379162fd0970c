import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { API_KEY_SCOPES, type ApiKeyScope } from '@/db/relational/schema'
import { HttpError } from '@/lib/http-error'
import { createApiKey, revokeApiKey } from './api-keys'
import { requireAuth } from './guard'
import { keyHasScope } from './scopes'
import { createSession } from './sessions'
import { openTestDb } from './test-db'
import { createUser } from './users'

let t: Awaited<ReturnType<typeof openTestDb>>
const keys = {} as Record<ApiKeyScope, string>
let viewerCookie: string
let adminCookie: string
let expiredCookie: string

const ORIGIN = 'http://oversight.test:3000'

beforeAll(async () => {
  t = await openTestDb('guard')
  for (const scope of API_KEY_SCOPES) {
    const created = await createApiKey(t.db, { scope, name: `guard ${scope}` })
    t.trackKey(created.id)
    keys[scope] = created.key
  }
  const viewer = await createUser(t.db, { username: t.name('viewer'), role: 'viewer', password: 'viewer password' })
  const admin = await createUser(t.db, { username: t.name('admin'), role: 'admin', password: 'admin password' })
  viewerCookie = `oversight_session=${(await createSession(t.db, viewer.id, new Date(), 1)).token}`
  adminCookie = `theme=dark; oversight_session=${(await createSession(t.db, admin.id, new Date(), 1)).token}`
  expiredCookie = `oversight_session=${(await createSession(t.db, viewer.id, new Date(Date.now() - 2 * 3_600_000), 1)).token}`
})
afterAll(async () => {
  await t?.cleanup()
})

function request(method: string, headers: Record<string, string> = {}): Request {
  return new Request(`${ORIGIN}/api/v1/anything`, { method, headers: { host: 'oversight.test:3000', ...headers } })
}

async function failure(promise: Promise<unknown>): Promise<{ status: number; code: string; message: string }> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(HttpError)
  const { status, code, message } = error as HttpError
  return { status, code, message }
}

describe('requireAuth with API keys', () => {
  for (const granted of API_KEY_SCOPES) {
    for (const needed of API_KEY_SCOPES) {
      it(`a ${granted} key ${keyHasScope(granted, needed) ? 'may' : 'may not'} use ${needed}`, async () => {
        const call = requireAuth(request('POST', { authorization: `Bearer ${keys[granted]}`, origin: 'https://evil.example' }), needed)
        if (keyHasScope(granted, needed)) {
          // Bearer requests are exempt from the Origin check: browsers never attach them by themselves.
          expect(await call).toMatchObject({ kind: 'api_key', scope: granted })
        } else {
          const error = await failure(call)
          expect(error).toMatchObject({ status: 403, code: 'forbidden' })
          expect(error.message).toContain(`"${needed}"`)
        }
      })
    }
  }

  it('answers 401 without credentials, with a bad or non-Bearer header, or a revoked key', async () => {
    const expected = {
      status: 401,
      code: 'unauthorized',
      message: 'Missing or invalid credentials: send Authorization: Bearer <api key> or sign in.',
    }
    expect(await failure(requireAuth(request('GET'), 'read'))).toEqual(expected)
    expect(await failure(requireAuth(request('GET', { authorization: 'Bearer ovs_nope' }), 'read'))).toEqual(expected)
    expect(await failure(requireAuth(request('GET', { authorization: `Basic ${keys.read}` }), 'read'))).toEqual(expected)
    // A bad Authorization header is not rescued by a valid cookie.
    expect(await failure(requireAuth(request('GET', { authorization: 'Bearer', cookie: adminCookie }), 'read'))).toEqual(expected)

    const doomed = await createApiKey(t.db, { scope: 'admin' })
    t.trackKey(doomed.id)
    const auth = { authorization: `Bearer ${doomed.key}` }
    expect(await requireAuth(request('GET', auth), 'admin')).toEqual({ kind: 'api_key', keyId: doomed.id, scope: 'admin' })
    await revokeApiKey(t.db, doomed.id)
    expect(await failure(requireAuth(request('GET', auth), 'admin'))).toEqual(expected)
  })
})

describe('requireAuth with the session cookie', () => {
  it('lets every role read, and only admins administer or ingest', async () => {
    expect(await requireAuth(request('GET', { cookie: viewerCookie }), 'read')).toMatchObject({ kind: 'user', username: t.name('viewer'), role: 'viewer' })
    for (const scope of ['admin', 'ingest'] as const) {
      expect(await failure(requireAuth(request('GET', { cookie: viewerCookie }), scope))).toMatchObject({ status: 403, code: 'forbidden' })
      expect(await requireAuth(request('GET', { cookie: adminCookie }), scope)).toMatchObject({ kind: 'user', role: 'admin' })
    }
  })

  it('answers 401 for an expired or unknown session', async () => {
    expect(await failure(requireAuth(request('GET', { cookie: expiredCookie }), 'read'))).toMatchObject({ status: 401 })
    expect(await failure(requireAuth(request('GET', { cookie: 'oversight_session=forged' }), 'read'))).toMatchObject({ status: 401 })
  })

  it('refuses cross-site state-changing requests (CSRF) and accepts same-site ones', async () => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      expect(await failure(requireAuth(request(method, { cookie: adminCookie, origin: 'https://evil.example' }), 'admin'))).toMatchObject({
        status: 403,
        code: 'csrf_failed',
      })
      expect(await failure(requireAuth(request(method, { cookie: adminCookie }), 'admin'))).toMatchObject({ code: 'csrf_failed' })
      expect(await requireAuth(request(method, { cookie: adminCookie, origin: ORIGIN }), 'admin')).toMatchObject({ kind: 'user' })
    }
    expect(await requireAuth(request('POST', { cookie: adminCookie, referer: `${ORIGIN}/settings` }), 'admin')).toMatchObject({ kind: 'user' })
    // Reads are not checked: GET must not change state.
    expect(await requireAuth(request('GET', { cookie: viewerCookie, origin: 'https://evil.example' }), 'read')).toMatchObject({ kind: 'user' })
  })
})
