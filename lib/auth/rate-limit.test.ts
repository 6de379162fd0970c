import { describe, expect, it } from 'vitest'
import {
  GLOBAL_WINDOW_MS,
  SIGN_IN_ATTEMPTS_GLOBAL,
  SIGN_IN_FAILURES_PER_ADDRESS,
  SIGN_IN_FAILURES_PER_USER_ADDRESS,
  SIGN_IN_WINDOW_MS,
  SOFT_FIRST_STEP_MS,
  SOFT_FREE_FAILURES,
  SOFT_MAX_STEP_MS,
  SOFT_MAX_WAIT_MS,
  SignInLimiter,
  SlidingWindowLimiter,
  softStepMs,
} from './rate-limit'

describe('SlidingWindowLimiter', () => {
  it('allows `limit` events per window, then says when to retry', () => {
    const limiter = new SlidingWindowLimiter(3, 60_000)
    const t0 = 1_000_000
    for (let i = 0; i < 3; i++) {
      expect(limiter.check('k', t0 + i * 1000).allowed).toBe(true)
      limiter.record('k', t0 + i * 1000)
    }
    expect(limiter.check('k', t0 + 3000)).toEqual({ allowed: false, retryAfterSeconds: 57 })
    // The window slides: once the first event is older than 60 s, one more is allowed.
    expect(limiter.check('k', t0 + 59_999).allowed).toBe(false)
    expect(limiter.check('k', t0 + 60_001).allowed).toBe(true)
    limiter.record('k', t0 + 60_001)
    expect(limiter.check('k', t0 + 60_002)).toEqual({ allowed: false, retryAfterSeconds: 1 })
  })

  it('keeps keys apart, forgets on reset, takes one event back on unrecord', () => {
    const limiter = new SlidingWindowLimiter(1, 60_000)
    limiter.record('a', 0)
    expect(limiter.check('a', 1).allowed).toBe(false)
    expect(limiter.check('b', 1).allowed).toBe(true)
    limiter.reset('a')
    expect(limiter.check('a', 2).allowed).toBe(true)
    limiter.record('a', 5)
    limiter.unrecord('a', 4)
    expect(limiter.count('a', 6)).toBe(1)
    limiter.unrecord('a', 5)
    expect(limiter.count('a', 6)).toBe(0)
  })

  it('bounds memory by dropping the least recently touched keys', () => {
    const limiter = new SlidingWindowLimiter(1, 60_000, 2)
    limiter.record('a', 0)
    limiter.record('b', 1)
    limiter.record('c', 2)
    expect(limiter.check('a', 3).allowed).toBe(true)
    expect(limiter.check('c', 3).allowed).toBe(false)
  })
})

/** Starts an attempt that must be allowed and lets it fail (nothing more to do: it was counted). */
function fail(limiter: SignInLimiter, user: string, address: string, now: number) {
  const decision = limiter.begin(user, address, now)
  if (!decision.allowed) throw new Error(`attempt ${user}@${address} at ${now} was refused (${decision.limit})`)
  return decision
}

describe('SignInLimiter', () => {
  it(`refuses a (user, address) after ${SIGN_IN_FAILURES_PER_USER_ADDRESS} failures; the user elsewhere is not locked out`, () => {
    const limiter = new SignInLimiter({ globalAttempts: 10_000 })
    for (let i = 0; i < SIGN_IN_FAILURES_PER_USER_ADDRESS; i++) fail(limiter, 'Admin', '10.0.0.1', i)
    const blocked = limiter.begin('admin', '10.0.0.1', 100)
    expect(blocked).toEqual({ allowed: false, retryAfterSeconds: SIGN_IN_WINDOW_MS / 1000, limit: 'user_address' })
    // The user at their own address: allowed, after at most a short delay (issue 8.6).
    const own = limiter.begin('admin', '192.168.1.7', 100)
    expect(own.allowed).toBe(true)
    if (own.allowed) expect(own.delayMs).toBeLessThanOrEqual(SOFT_MAX_STEP_MS)
    expect(limiter.begin('admin', '10.0.0.1', SIGN_IN_WINDOW_MS + 10).allowed).toBe(true)
  })

  it('counts an attempt when it starts, so concurrent guesses cannot all pass (issue 8.2)', () => {
    const limiter = new SignInLimiter({ globalAttempts: 10_000 })
    // 40 attempts begun before any password check has finished.
    const decisions = Array.from({ length: 40 }, () => limiter.begin('victim', '10.0.0.9', 1_000))
    expect(decisions.filter((d) => d.allowed)).toHaveLength(SIGN_IN_FAILURES_PER_USER_ADDRESS)
  })

  it(`refuses an address after ${SIGN_IN_FAILURES_PER_ADDRESS} failures across usernames`, () => {
    const limiter = new SignInLimiter({ globalAttempts: 10_000 })
    for (let i = 0; i < SIGN_IN_FAILURES_PER_ADDRESS; i++) fail(limiter, `user${i}`, '10.0.0.1', i)
    expect(limiter.begin('fresh', '10.0.0.1', 100)).toMatchObject({ allowed: false, limit: 'address' })
    expect(limiter.begin('fresh', '10.0.0.2', 100).allowed).toBe(true)
  })

  it('a success takes its own count back and clears the pair, not the address', () => {
    const limiter = new SignInLimiter({ globalAttempts: 10_000 })
    for (let i = 0; i < SIGN_IN_FAILURES_PER_ADDRESS - 1; i++) fail(limiter, `user${i}`, '10.0.0.1', i)
    for (let i = 0; i < 5; i++) {
      const ok = fail(limiter, 'bob', '10.0.0.1', 100)
      if (ok.allowed) limiter.succeeded(ok.attempt, 100)
    }
    // 29 failures of others plus 5 successes: one more failure is still allowed, then the limit.
    fail(limiter, 'carol', '10.0.0.1', 200)
    expect(limiter.begin('dave', '10.0.0.1', 201)).toMatchObject({ allowed: false, limit: 'address' })
  })

  it('spaces one user’s attempts by a growing delay past the free failures, across addresses', () => {
    expect([SOFT_FREE_FAILURES - 1, SOFT_FREE_FAILURES, SOFT_FREE_FAILURES + 1, SOFT_FREE_FAILURES + 2].map(softStepMs)).toEqual([
      0,
      SOFT_FIRST_STEP_MS,
      2 * SOFT_FIRST_STEP_MS,
      4 * SOFT_FIRST_STEP_MS,
    ])
    expect(softStepMs(SOFT_FREE_FAILURES + 40)).toBe(SOFT_MAX_STEP_MS)
    const limiter = new SignInLimiter({ globalAttempts: 10_000 })
    const t0 = 1_000_000
    for (let i = 0; i < SOFT_FREE_FAILURES; i++) expect(fail(limiter, 'eve', `10.1.0.${i}`, t0).delayMs).toBe(0)
    // Each further attempt, from any address, waits for its turn: 0, then 250, then 250+500, …
    const delays = [0, 1, 2, 3].map((i) => fail(limiter, 'eve', `10.2.0.${i}`, t0).delayMs)
    expect(delays).toEqual([0, SOFT_FIRST_STEP_MS, 3 * SOFT_FIRST_STEP_MS, 7 * SOFT_FIRST_STEP_MS])
    // The queue is bounded: attempts that would wait past SOFT_MAX_WAIT_MS are refused.
    let refused = null
    for (let i = 0; i < 20 && !refused; i++) {
      const d = limiter.begin('eve', `10.3.0.${i}`, t0)
      if (!d.allowed) refused = d
      else expect(d.delayMs).toBeLessThanOrEqual(SOFT_MAX_WAIT_MS)
    }
    expect(refused).toMatchObject({ limit: 'user' })
  })

  it('an address the user signed in from skips the soft delay and the global limit', () => {
    const limiter = new SignInLimiter()
    const ok = fail(limiter, 'frank', '10.5.5.5', 0)
    limiter.succeeded(ok.attempt, 0)
    // A stranger guesses from many addresses, until the soft queue refuses them.
    for (let i = 0; i < 3 * SOFT_FREE_FAILURES; i++) limiter.begin('frank', `10.6.${Math.floor(i / 10)}.${i % 10}`, 10)
    for (let i = 0; i < SIGN_IN_ATTEMPTS_GLOBAL; i++) limiter.begin(`spray${i}`, `10.7.${Math.floor(i / 200)}.${i % 200}`, 20)
    expect(limiter.begin('someone', '10.8.0.1', 30)).toMatchObject({ allowed: false, limit: 'global' })
    expect(limiter.begin('frank', '10.5.5.5', 30)).toMatchObject({ allowed: true, delayMs: 0 })
  })

  it(`refuses every unknown attempt past ${SIGN_IN_ATTEMPTS_GLOBAL} per ${GLOBAL_WINDOW_MS / 1000} s, then recovers`, () => {
    const limiter = new SignInLimiter()
    for (let i = 0; i < SIGN_IN_ATTEMPTS_GLOBAL; i++) fail(limiter, `u${i}`, `10.9.${Math.floor(i / 200)}.${i % 200}`, 1_000)
    expect(limiter.begin('late', '10.10.0.1', 1_001)).toMatchObject({ allowed: false, limit: 'global', retryAfterSeconds: GLOBAL_WINDOW_MS / 1000 })
    expect(limiter.begin('late', '10.10.0.1', 1_000 + GLOBAL_WINDOW_MS).allowed).toBe(true)
  })
})
