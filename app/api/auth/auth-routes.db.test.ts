import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { requireAuth } from '@/lib/auth/guard'
import { MAX_QUEUED_HASHES } from '@/lib/auth/hash-gate'
import { SIGN_IN_FAILURES_PER_ADDRESS, SIGN_IN_FAILURES_PER_USER_ADDRESS, resetSignInLimiter } from '@/lib/auth/rate-limit'
import { PEER_ADDRESS_HEADER } from '@/lib/net/client-address'
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
beforeEach(() => {
  // The scenarios below send more sign-ins than the global limit allows in 15 s; it has unit tests.
  resetSignInLimiter({ globalAttempts: 10_000 })
})

/**
 * Each call comes from its own address unless told (the peer address scripts/serve.mjs stamps),
 * so the per-address limit stays out of the way.
 */
function post(path: string, body: string, headers: Record<string, string>): Request {
  return new Request(`${ORIGIN}${path}`, {
    method: 'POST',
    body,
    headers: { host: 'localhost:3000', origin: ORIGIN, [PEER_ADDRESS_HEADER]: nextAddress(), ...headers },
  })
}
function nextAddress(): string {
  const n = ++addressCounter
  return `10.1.${Math.floor(n / 250)}.${n % 250}`
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

  it(`answers 429 with Retry-After after ${SIGN_IN_FAILURES_PER_USER_ADDRESS} failures for one user from one address`, async () => {
    const victim = t.name('victim')
    await createUser(t.db, { username: victim, role: 'viewer', password: PASSWORD })
    const from = { [PEER_ADDRESS_HEADER]: '10.200.0.1' }
    for (let i = 0; i < SIGN_IN_FAILURES_PER_USER_ADDRESS; i++) {
      expect((await login(json({ username: victim, password: `guess ${i} guess` }, from), undefined)).status).toBe(401)
    }
    // Even the right password waits there: otherwise the limiter would confirm a correct guess.
    const limited = await login(json({ username: victim, password: PASSWORD }, from), undefined)
    expect(limited.status).toBe(429)
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(800)
    expect((await limited.json()).error.code).toBe('rate_limited')
    // The user at their own address is not locked out by the stranger (issue 8.6).
    const own = await login(json({ username: victim, password: PASSWORD }, { [PEER_ADDRESS_HEADER]: '192.168.77.7' }), undefined)
    expect(own.status).toBe(200)
  })

  it('counts concurrent wrong passwords before checking them (issue 8.2)', async () => {
    const target = t.name('concurrent')
    await createUser(t.db, { username: target, role: 'viewer', password: PASSWORD })
    const from = { [PEER_ADDRESS_HEADER]: '10.201.0.1' }
    const responses = await Promise.all(
      Array.from({ length: 40 }, (_, i) => login(json({ username: target, password: `guess ${i} guess` }, from), undefined)),
    )
    const statuses = responses.map((r) => r.status)
    // Ten attempts were let through (401, or 503 where the hash queue was full); the other 30 never reached a hash.
    expect(statuses.filter((s) => s === 429)).toHaveLength(40 - SIGN_IN_FAILURES_PER_USER_ADDRESS)
    expect(statuses.filter((s) => s === 401 || s === 503)).toHaveLength(SIGN_IN_FAILURES_PER_USER_ADDRESS)
  })

  it('limits by the observed address whatever X-Forwarded-For says (issue 8.3)', async () => {
    const peer = { [PEER_ADDRESS_HEADER]: '10.202.0.1' }
    const statuses: number[] = []
    for (let i = 0; i < SIGN_IN_FAILURES_PER_ADDRESS + 5; i++) {
      const forged = { ...peer, 'x-forwarded-for': `10.1.1.${i}`, 'x-real-ip': `10.2.2.${i}` }
      statuses.push((await login(json({ username: t.name(`spray${i}`), password: 'wrong password' }, forged), undefined)).status)
    }
    expect(statuses.slice(0, SIGN_IN_FAILURES_PER_ADDRESS).every((s) => s === 401)).toBe(true)
    expect(statuses.slice(SIGN_IN_FAILURES_PER_ADDRESS).every((s) => s === 429)).toBe(true)
  })

  it('believes X-Forwarded-For only from OVERSIGHT_TRUSTED_PROXIES, read from the right', async () => {
    const previous = process.env.OVERSIGHT_TRUSTED_PROXIES
    process.env.OVERSIGHT_TRUSTED_PROXIES = '10.203.0.1'
    try {
      const proxy = { [PEER_ADDRESS_HEADER]: '10.203.0.1' }
      // Behind the proxy, each client has its own address: 35 clients, one failure each, none limited.
      for (let i = 0; i < SIGN_IN_FAILURES_PER_ADDRESS + 5; i++) {
        const hop = { ...proxy, 'x-forwarded-for': `6.6.6.6, 198.51.100.${i}` }
        expect((await login(json({ username: t.name(`client${i}`), password: 'wrong password' }, hop), undefined)).status).toBe(401)
      }
      // One client behind it, whatever it writes to the left of the proxy's entry, is one address.
      const statuses: number[] = []
      for (let i = 0; i < SIGN_IN_FAILURES_PER_ADDRESS + 1; i++) {
        const hop = { ...proxy, 'x-forwarded-for': `1.2.3.${i}, 198.51.100.250` }
        statuses.push((await login(json({ username: t.name(`one${i}`), password: 'wrong password' }, hop), undefined)).status)
      }
      expect(statuses.at(-1)).toBe(429)
    } finally {
      if (previous === undefined) delete process.env.OVERSIGHT_TRUSTED_PROXIES
      else process.env.OVERSIGHT_TRUSTED_PROXIES = previous
    }
  })

  it('bounds the password hashing a flood can start: the rest get 503 with Retry-After (issue 8.4)', async () => {
    const long = 'x'.repeat(1024)
    const responses = await Promise.all(
      Array.from({ length: 100 }, (_, i) => login(json({ username: `flood-${i}-${Math.random().toString(36).slice(2)}`, password: long }), undefined)),
    )
    const statuses = responses.map((r) => r.status)
    expect(statuses.every((s) => s === 401 || s === 503)).toBe(true)
    // One hash runs and MAX_QUEUED_HASHES wait; the others are refused at once.
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(1 + MAX_QUEUED_HASHES)
    const busy = responses.find((r) => r.status === 503)
    expect(busy?.headers.get('retry-after')).toBe('1')
    expect((await busy?.json()).error.code).toBe('busy')
    // Once the flood has passed, a real sign-in goes through.
    expect((await login(json({ username, password: PASSWORD }), undefined)).status).toBe(200)
  })

  it('never redirects a form sign-in off-site, whatever `next` normalises to (issue 8.1)', async () => {
    for (const next of ['/.//evil.example/phish', '/..//x', '/%2e%2e//x', '//evil.com', '/\\evil.com']) {
      const response = await login(form({ username, password: PASSWORD, next }), undefined)
      expect(response.status, next).toBe(303)
      expect(response.headers.get('location'), next).toBe('/overview')
    }
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
