import { describe, expect, it } from 'vitest'
// What Next itself runs on the request's CSP header to find the nonce for its bootstrap scripts.
import { getScriptNonceFromHeader } from 'next/dist/server/app-render/get-script-nonce-from-header'
import { isSecureRequest } from './auth/session-cookie'
import { FORWARDED_HTTPS_PATTERN, createNonce, pageContentSecurityPolicy } from './security-headers'

function directives(csp: string): Map<string, string[]> {
  return new Map(csp.split(';').map((part) => {
    const [name, ...sources] = part.trim().split(/\s+/)
    return [name, sources] as [string, string[]]
  }))
}

describe('pageContentSecurityPolicy', () => {
  it('production: nonce-only scripts and style elements, style attributes allowed, no framing, no eval', () => {
    const csp = pageContentSecurityPolicy({ nonce: 'abc123==', dev: false, secure: false })
    const d = directives(csp)
    expect(d.get('script-src')).toEqual(["'self'", "'nonce-abc123=='", "'strict-dynamic'"])
    expect(d.get('style-src')).toEqual(["'self'", "'nonce-abc123=='"])
    expect(d.get('style-src-attr')).toEqual(["'unsafe-inline'"])
    expect(d.get('frame-ancestors')).toEqual(["'none'"])
    expect(d.get('object-src')).toEqual(["'none'"])
    expect(csp).not.toContain('unsafe-eval')
    expect(d.has('upgrade-insecure-requests')).toBe(false)
  })

  it("is what Next parses the nonce from", () => {
    const nonce = createNonce()
    expect(getScriptNonceFromHeader(pageContentSecurityPolicy({ nonce, dev: false, secure: true }))).toBe(nonce)
  })

  it('development allows eval for React and inline styles for the dev overlay', () => {
    const d = directives(pageContentSecurityPolicy({ nonce: 'n', dev: true, secure: false }))
    expect(d.get('script-src')).toContain("'unsafe-eval'")
    expect(d.get('style-src')).toEqual(["'self'", "'unsafe-inline'"])
  })

  it('upgrades insecure requests only when reached over https', () => {
    expect(directives(pageContentSecurityPolicy({ nonce: 'n', dev: false, secure: true })).has('upgrade-insecure-requests')).toBe(true)
  })
})

describe('createNonce', () => {
  it('is base64 of 16 bytes and fresh each time', () => {
    const nonces = new Set(Array.from({ length: 100 }, createNonce))
    expect(nonces.size).toBe(100)
    for (const nonce of nonces) expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/)
  })
})

describe('FORWARDED_HTTPS_PATTERN', () => {
  // Next anchors a `has` value as ^…$ (prepare-destination.js matchHas).
  const matches = (value: string) => new RegExp(`^${FORWARDED_HTTPS_PATTERN}$`).test(value)

  it('agrees with isSecureRequest on X-Forwarded-Proto', () => {
    for (const value of ['https', 'HTTPS', ' https ', 'https, http', 'https,http', 'http', 'http, https', 'ws', 'httpsx', 'xhttps']) {
      const request = new Request('http://localhost:3000/login', { headers: { 'x-forwarded-proto': value } })
      expect(matches(value), value).toBe(isSecureRequest(request))
    }
  })
})
