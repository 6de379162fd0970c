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

  it('refuses paths that dot segments normalise into another host (issue 8.1)', () => {
    // Each of these normalised to a protocol-relative `//host…` the browser followed off-site.
    for (const bad of ['/.//evil.example/phish', '/..//x', '/%2e%2e//x', '/%2E%2E//evil.example', '/././/evil', '/a/..//evil.example', '/%2e//evil']) {
      expect(safeNextPath(bad), bad).toBe(DEFAULT_AFTER_SIGN_IN)
    }
    // The query value of the probe, decoded by URLSearchParams as the page does.
    expect(safeNextPath(new URLSearchParams('next=%2F.%2F%2Fevil.example%2Fphish').get('next'))).toBe(DEFAULT_AFTER_SIGN_IN)
  })

  it('refuses the variants that already held', () => {
    for (const bad of ['//', '//evil.com', 'https:', 'https://evil.com', '/\\evil.com', '\\\\evil.com', '/%2F%2Fevil.com', '%2F%2Fevil.com', '/\tevil.com', '/\t/evil.com', 'javascript:alert(1)', '@evil.com', '/@evil.com/../..//x']) {
      const result = safeNextPath(bad)
      expect(new URL(result, 'http://own.invalid').origin, bad).toBe('http://own.invalid')
      expect(result.startsWith('//'), bad).toBe(false)
    }
    // An encoded slash stays encoded: it is a path on this site, not a second slash.
    expect(safeNextPath('/%2F%2Fevil.com')).toBe('/%2F%2Fevil.com')
    expect(safeNextPath('/@evil.com')).toBe('/@evil.com')
  })

  it('keeps dot-segment paths that stay on this site, normalised', () => {
    expect(safeNextPath('/a/../calibration?model=m')).toBe('/calibration?model=m')
    expect(safeNextPath('/./agreement')).toBe('/agreement')
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
