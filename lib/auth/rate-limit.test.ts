import { describe, expect, it } from 'vitest'
import { SIGN_IN_FAILURES_PER_ADDRESS, SIGN_IN_FAILURES_PER_USER, SIGN_IN_WINDOW_MS, SignInLimiter, SlidingWindowLimiter, clientAddress } from './rate-limit'

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

  it('keeps keys apart and forgets on reset', () => {
    const limiter = new SlidingWindowLimiter(1, 60_000)
    limiter.record('a', 0)
    expect(limiter.check('a', 1).allowed).toBe(false)
    expect(limiter.check('b', 1).allowed).toBe(true)
    limiter.reset('a')
    expect(limiter.check('a', 2).allowed).toBe(true)
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

describe('SignInLimiter', () => {
  it(`blocks a username after ${SIGN_IN_FAILURES_PER_USER} failures in 15 min, from any address`, () => {
    const limiter = new SignInLimiter()
    for (let i = 0; i < SIGN_IN_FAILURES_PER_USER; i++) limiter.recordFailure('Admin', `10.0.0.${i}`, i)
    const blocked = limiter.check('admin', '10.9.9.9', 100)
    expect(blocked.allowed).toBe(false)
    expect(blocked.retryAfterSeconds).toBe(SIGN_IN_WINDOW_MS / 1000)
    expect(limiter.check('alice', '10.9.9.9', 100).allowed).toBe(true)
    expect(limiter.check('admin', '10.9.9.9', SIGN_IN_WINDOW_MS + 1).allowed).toBe(true)
  })

  it(`blocks an address after ${SIGN_IN_FAILURES_PER_ADDRESS} failures across usernames`, () => {
    const limiter = new SignInLimiter()
    for (let i = 0; i < SIGN_IN_FAILURES_PER_ADDRESS; i++) limiter.recordFailure(`user${i}`, '10.0.0.1', i)
    expect(limiter.check('fresh', '10.0.0.1', 100).allowed).toBe(false)
    expect(limiter.check('fresh', '10.0.0.2', 100).allowed).toBe(true)
  })

  it('clears the user count on success but not the address count', () => {
    const limiter = new SignInLimiter()
    for (let i = 0; i < SIGN_IN_FAILURES_PER_USER; i++) limiter.recordFailure('bob', '10.0.0.1', i)
    limiter.recordSuccess('bob')
    expect(limiter.check('bob', '10.0.0.2', 100).allowed).toBe(true)
  })
})

describe('clientAddress', () => {
  it('takes the entry the nearest proxy appended', () => {
    expect(clientAddress(new Headers({ 'x-forwarded-for': '1.1.1.1, 2.2.2.2' }))).toBe('2.2.2.2')
    expect(clientAddress(new Headers({ 'x-real-ip': '3.3.3.3' }))).toBe('3.3.3.3')
    expect(clientAddress(new Headers())).toBe('unknown')
  })
})
