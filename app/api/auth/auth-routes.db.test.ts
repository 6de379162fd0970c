import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { requireAuth } from '@/lib/auth/guard'
import { SIGN_IN_FAILURES_PER_USER } from '@/lib/auth/rate-limit'
import { openTestDb } from '@/lib/auth/test-db'
import { createUser } from '@/lib/auth/users'
import { GET as health } from '../health/route'
import { POST as login } from './login/route'
import { POST as logout } from './logout/route'

let t: Awaited<ReturnType<typeof openTestDb>>
let username: string
const PASSWORD = 'route test password'
const ORIGIN = 'http://localhost:3000'
let addressCounter = 0

beforeAll(async () => {
  t = await openTestDb('routes')
  username = t.name('lena')
  await createUser(t.db, { username, role: 'lead', password: PASSWORD })
})
afterAll(async () => {
  await t?.cleanup()
})

/** Each call comes from its own address unless told, so the per-address limit stays out of the way. */
function post(path: string, body: string, headers: Record<string, string>): Request {
  return new Request(`${ORIGIN}${path}`, {
    method: 'POST',
    body,
    headers: { host: 'localhost:3000', origin: ORIGIN, 'x-forwarded-for': `10.1.0.${++addressCounter}`, ...headers },
  })
}
const json = (value: unknown, headers: Record<string, string> = {}) =>
  post('/api/auth/login', JSON.stringify(value), { 'content-type': 'application/json', ...headers })
const form = (fields: Record<string, string>, headers: Record<string, string> = {}) =>
  post('/api/auth/login', new URLSearchParams(fields).toString(), { 'content-type': 'application/x-www-form-urlencoded', ...headers })

function cookieOf(response: Response): string {
  const header = response.headers.get('set-cookie') ?? ''
  return header.split(';')[0]
}

describe('POST /api/auth/login', () => {
  it('signs in with JSON and sets the session cookie', async () => {
    const response = await login(json({ username, password: PASSWORD }), undefined)
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ user: { id: expect.any(Number), username, role: 'lead' } })
    const setCookie = response.headers.get('set-cookie') ?? ''
    expect(setCookie).toMatch(/^oversight_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=43200$/)
    const principal = await requireAuth(new Request(`${ORIGIN}/api/v1/x`, { headers: { cookie: cookieOf(response) } }), 'read')
    expect(principal).toMatchObject({ kind: 'user', username })
  })

  it('marks the cookie Secure behind https', async () => {
    const response = await login(json({ username, password: PASSWORD }, { 'x-forwarded-proto': 'https' }), undefined)
    expect(response.headers.get('set-cookie')).toMatch(/; Secure$/)
  })

  it('answers 401 with one generic message for a wrong password or an unknown user', async () => {
    for (const body of [
      { username, password: 'wrong password' },
      { username: t.name('nobody'), password: PASSWORD },
    ]) {
      const response = await login(json(body), undefined)
      expect(response.status).toBe(401)
      expect(await response.json()).toEqual({ error: { code: 'invalid_credentials', message: 'Wrong username or password.' } })
      expect(response.headers.get('set-cookie')).toBeNull()
    }
  })

  it('answers 400 naming a missing field', async () => {
    const response = await login(json({ username }), undefined)
    expect(response.status).toBe(400)
    expect((await response.json()).error.message).toContain('password')
  })

  it('redirects form posts: to a safe `next` on success, back to /login on failure', async () => {
    const ok = await login(form({ username, password: PASSWORD, next: '/calibration?model=m' }), undefined)
    expect(ok.status).toBe(303)
    expect(ok.headers.get('location')).toBe('/calibration?model=m')
    expect(cookieOf(ok)).toMatch(/^oversight_session=/)

    const offsite = await login(form({ username, password: PASSWORD, next: '//evil.example/' }), undefined)
    expect(offsite.headers.get('location')).toBe('/overview')

    const bad = await login(form({ username, password: 'nope nope', next: '/workload' }), undefined)
    expect(bad.status).toBe(303)
    expect(bad.headers.get('location')).toBe('/login?error=credentials&next=%2Fworkload')
  })

  it('refuses a cross-site sign-in (login CSRF)', async () => {
    const response = await login(json({ username, password: PASSWORD }, { origin: 'https://evil.example' }), undefined)
    expect(response.status).toBe(403)
    expect((await response.json()).error.code).toBe('csrf_failed')
  })

  it(`answers 429 with Retry-After after ${SIGN_IN_FAILURES_PER_USER} failures for one user`, async () => {
    const victim = t.name('victim')
    await createUser(t.db, { username: victim, role: 'viewer', password: PASSWORD })
    for (let i = 0; i < SIGN_IN_FAILURES_PER_USER; i++) {
      expect((await login(json({ username: victim, password: `guess ${i} guess` }), undefined)).status).toBe(401)
    }
    // Even the right password waits: otherwise the limiter would confirm a correct guess.
    const limited = await login(json({ username: victim, password: PASSWORD }), undefined)
    expect(limited.status).toBe(429)
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(800)
    expect((await limited.json()).error.code).toBe('rate_limited')
  })
})

describe('POST /api/auth/logout', () => {
  it('ends the session, clears the cookie and goes to /login', async () => {
    const cookie = cookieOf(await login(json({ username, password: PASSWORD }), undefined))
    const response = await logout(post('/api/auth/logout', '', { cookie }), undefined)
    expect(response.status).toBe(303)
    expect(response.headers.get('location')).toBe('/login')
    expect(response.headers.get('set-cookie')).toContain('Max-Age=0')
    const after = requireAuth(new Request(`${ORIGIN}/api/v1/x`, { headers: { cookie } }), 'read')
    await expect(after).rejects.toMatchObject({ status: 401 })
  })

  it('refuses a cross-site sign-out', async () => {
    const response = await logout(post('/api/auth/logout', '', { origin: 'https://evil.example' }), undefined)
    expect(response.status).toBe(403)
  })
})

describe('GET /api/health', () => {
  it('answers without credentials', async () => {
    const response = health()
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ status: 'ok' })
  })
})
