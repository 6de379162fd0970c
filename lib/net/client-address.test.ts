import { describe, expect, it } from 'vitest'
import { PEER_ADDRESS_HEADER as SERVER_HEADER, PEER_FORWARDED_HEADER as SERVER_FORWARDED_HEADER, stampPeerAddress } from '../../scripts/peer-address.mjs'
import { PEER_ADDRESS_HEADER, PEER_FORWARDED_HEADER, TrustedProxiesError, UNKNOWN_ADDRESS, clientAddress, isLoopbackAddress, normalizeAddress, parseTrustedProxies } from './client-address'

const peer = (address: string, extra: Record<string, string> = {}) => new Headers({ [PEER_ADDRESS_HEADER]: address, ...extra })

describe('clientAddress', () => {
  it('is the observed peer; X-Forwarded-For and X-Real-IP are ignored without trusted proxies (issue 8.3)', () => {
    expect(clientAddress(peer('203.0.113.9', { 'x-forwarded-for': '10.1.1.1', 'x-real-ip': '10.2.2.2' }), null)).toBe('203.0.113.9')
    expect(clientAddress(peer('::ffff:127.0.0.1'), null)).toBe('127.0.0.1')
    // Without the server's stamp (e.g. a bare `next start`), no client-chosen value is used.
    expect(clientAddress(new Headers({ 'x-forwarded-for': '10.1.1.1' }), null)).toBe(UNKNOWN_ADDRESS)
  })

  it('reads forwarded hops from the right only when the peer is a trusted proxy', () => {
    const trusted = parseTrustedProxies('127.0.0.1, 10.0.0.0/8')
    // The proxy at 127.0.0.1 appended the client it saw (198.51.100.4); the client's own claim is left of it.
    expect(clientAddress(peer('127.0.0.1', { 'x-forwarded-for': '6.6.6.6, 198.51.100.4' }), trusted)).toBe('198.51.100.4')
    // Two trusted proxies in a row are skipped.
    expect(clientAddress(peer('127.0.0.1', { 'x-forwarded-for': '6.6.6.6, 198.51.100.4, 10.3.3.3' }), trusted)).toBe('198.51.100.4')
    // An untrusted peer's header is not believed.
    expect(clientAddress(peer('203.0.113.9', { 'x-forwarded-for': '198.51.100.4' }), trusted)).toBe('203.0.113.9')
    // A trusted peer without the header, or with garbage in it.
    expect(clientAddress(peer('10.0.0.5'), trusted)).toBe('10.0.0.5')
    expect(clientAddress(peer('10.0.0.5', { 'x-forwarded-for': 'nonsense' }), trusted)).toBe('10.0.0.5')
  })

  it('parses IPv4 and IPv6 addresses and ranges, and names a bad entry', () => {
    const list = parseTrustedProxies('fd00::/8, ::1, 192.168.0.0/16')
    expect(list?.check('fd12::1', 'ipv6')).toBe(true)
    expect(list?.check('::1', 'ipv6')).toBe(true)
    expect(list?.check('192.168.9.9', 'ipv4')).toBe(true)
    expect(list?.check('192.169.0.1', 'ipv4')).toBe(false)
    expect(parseTrustedProxies('')).toBeNull()
    expect(() => parseTrustedProxies('10.0.0.0/33')).toThrow(TrustedProxiesError)
    expect(() => parseTrustedProxies('proxy.internal')).toThrow(/proxy\.internal/)
  })

  it('knows loopback addresses', () => {
    for (const a of ['127.0.0.1', '127.8.9.1', '::1', '::ffff:127.0.0.1']) expect(isLoopbackAddress(a), a).toBe(true)
    for (const a of ['10.0.0.1', '::2', 'unknown', '128.0.0.1']) expect(isLoopbackAddress(a), a).toBe(false)
    expect(normalizeAddress(' ::FFFF:10.0.0.1 ')).toBe('10.0.0.1')
  })
})

describe('the server stamp (scripts/peer-address.mjs)', () => {
  it('uses the same header name and overwrites what a client sent', () => {
    expect(SERVER_HEADER).toBe(PEER_ADDRESS_HEADER)
    expect(SERVER_FORWARDED_HEADER).toBe(PEER_FORWARDED_HEADER)
    const request = { headers: { [PEER_ADDRESS_HEADER]: '10.1.1.1' } as Record<string, string>, socket: { remoteAddress: '203.0.113.9' } }
    stampPeerAddress(request)
    expect(request.headers[PEER_ADDRESS_HEADER]).toBe('203.0.113.9')
    const noSocket = { headers: { [PEER_ADDRESS_HEADER]: '10.1.1.1' } as Record<string, string>, socket: {} }
    stampPeerAddress(noSocket)
    expect(noSocket.headers[PEER_ADDRESS_HEADER]).toBeUndefined()
  })
})
