import { describe, expect, it } from 'vitest'
import { DEFAULT_AFTER_SIGN_IN, safeNextPath } from './next-path'
import { pageNeedsSession } from './public-paths'
import { clearedSessionCookie, readSessionToken, sessionCookie } from './session-cookie'

describe('safeNextPath', () => {
  it('keeps relative paths on this site, with query and hash', () => {
    expect(safeNextPath('/calibration?model=fraud&bins=10#chart')).toBe('/calibration?model=fraud&bins=10#chart')
    expect(safeNextPath('/')).toBe('/')
  })

  it('sends everything else to the overview', () => {
    for (const bad of [undefined, null, '', 'overview', 'https://evil.example', '//evil.example/x', '/\\evil.example', '/\tevil', '\\\\evil', '/login?next=/x', '/api/v1/events', 'javascript:alert(1)']) {
      expect(safeNextPath(bad)).toBe(DEFAULT_AFTER_SIGN_IN)
    }
  })
})

describe('pageNeedsSession', () => {
  it('guards pages but not login, API routes or assets', () => {
    for (const path of ['/', '/overview', '/settings', '/loginx']) expect(pageNeedsSession(path)).toBe(true)
    for (const path of ['/login', '/api', '/api/health', '/api/v1/events', '/_next/static/chunk.js', '/favicon.ico', '/robots.txt']) {
      expect(pageNeedsSession(path)).toBe(false)
    }
  })
})

describe('session cookie', () => {
  it('is httpOnly, SameSite=Lax, Path=/, with Max-Age from the TTL and Secure only over https', () => {
    expect(sessionCookie('tok', { secure: false, ttlHours: 12 })).toBe('oversight_session=tok; Path=/; HttpOnly; SameSite=Lax; Max-Age=43200')
    expect(sessionCookie('tok', { secure: true, ttlHours: 1 })).toBe('oversight_session=tok; Path=/; HttpOnly; SameSite=Lax; Max-Age=3600; Secure')
    expect(clearedSessionCookie({ secure: false })).toContain('Max-Age=0')
  })

  it('is read back from a Cookie header among others', () => {
    expect(readSessionToken('a=1; oversight_session=abc_-; b=2')).toBe('abc_-')
    expect(readSessionToken('oversight_session_other=x')).toBeNull()
    expect(readSessionToken(null)).toBeNull()
  })
})
