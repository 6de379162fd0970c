import { describe, expect, it } from 'vitest'
import { isSameOriginRequest, isStateChanging } from './csrf'

const URL_ = 'http://oversight.example:3000/api/v1/policies'
const same = (headers: Record<string, string>) => isSameOriginRequest(new Headers(headers), URL_)

describe('CSRF origin rule', () => {
  it('applies to state-changing methods only', () => {
    for (const m of ['POST', 'put', 'PATCH', 'DELETE']) expect(isStateChanging(m)).toBe(true)
    for (const m of ['GET', 'HEAD', 'OPTIONS']) expect(isStateChanging(m)).toBe(false)
  })

  it('accepts an Origin naming the Host, whatever the scheme', () => {
    expect(same({ host: 'oversight.example:3000', origin: 'http://oversight.example:3000' })).toBe(true)
    expect(same({ host: 'oversight.example:3000', origin: 'https://Oversight.example:3000' })).toBe(true)
  })

  it('refuses another site, another port, or the null origin', () => {
    expect(same({ host: 'oversight.example:3000', origin: 'https://evil.example' })).toBe(false)
    expect(same({ host: 'oversight.example:3000', origin: 'http://oversight.example:4000' })).toBe(false)
    expect(same({ host: 'oversight.example:3000', origin: 'null', referer: 'http://oversight.example:3000/x' })).toBe(false)
    expect(same({ host: 'oversight.example:3000', origin: 'http://oversight.example.evil.com:3000' })).toBe(false)
  })

  it('falls back to the Referer only when Origin is absent', () => {
    expect(same({ host: 'oversight.example:3000', referer: 'http://oversight.example:3000/settings' })).toBe(true)
    expect(same({ host: 'oversight.example:3000', referer: 'https://evil.example/page' })).toBe(false)
  })

  it('refuses a request with neither header', () => {
    expect(same({ host: 'oversight.example:3000' })).toBe(false)
  })

  it('accepts the X-Forwarded-Host a reverse proxy sets', () => {
    expect(same({ host: '127.0.0.1:3000', 'x-forwarded-host': 'oversight.example.com', origin: 'https://oversight.example.com' })).toBe(true)
  })

  it('uses the request URL when there is no Host header', () => {
    expect(same({ origin: 'http://oversight.example:3000' })).toBe(true)
  })
})
