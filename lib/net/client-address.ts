import { BlockList, isIP } from 'node:net'
import { getEnv } from '@/lib/env'

/**
 * The header in which Oversight's own HTTP server (scripts/serve.mjs) passes on the address of the
 * socket a request came in on. The server overwrites whatever a client sent under this name, so it
 * is the one address a client cannot choose. scripts/peer-address.mjs spells it too (a test keeps
 * the two equal).
 */
export const PEER_ADDRESS_HEADER = 'x-oversight-peer-address'

/** Set by Oversight's server when the request arrived with a proxy's forwarding header (scripts/peer-address.mjs). */
export const PEER_FORWARDED_HEADER = 'x-oversight-peer-forwarded'

/** Shown when the request did not come through Oversight's server (e.g. a bare `next start`). */
export const UNKNOWN_ADDRESS = 'unknown'

/** `::ffff:127.0.0.1` (an IPv4 client on a dual-stack socket) is 127.0.0.1. */
export function normalizeAddress(address: string): string {
  const trimmed = address.trim()
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(trimmed)
  return (mapped ? mapped[1] : trimmed).toLowerCase()
}

export class TrustedProxiesError extends Error {}

/**
 * OVERSIGHT_TRUSTED_PROXIES: comma-separated addresses or CIDR ranges of the reverse proxies in
 * front of Oversight (e.g. `127.0.0.1, 10.0.0.0/8, fd00::/8`). Empty: none, and X-Forwarded-For
 * is ignored.
 */
export function parseTrustedProxies(spec: string | undefined): BlockList | null {
  if (!spec || !spec.trim()) return null
  const list = new BlockList()
  for (const raw of spec.split(',')) {
    const entry = raw.trim()
    if (!entry) continue
    const [address, prefix, extra] = entry.split('/')
    const family = isIP(normalizeAddress(address))
    const bits = prefix === undefined ? undefined : Number(prefix)
    const maxBits = family === 4 ? 32 : 128
    if (family === 0 || extra !== undefined || (bits !== undefined && (!Number.isInteger(bits) || bits < 0 || bits > maxBits))) {
      throw new TrustedProxiesError(`OVERSIGHT_TRUSTED_PROXIES: "${entry}" is not an IP address or CIDR range (e.g. 10.0.0.0/8)`)
    }
    const type = family === 4 ? 'ipv4' : 'ipv6'
    if (bits === undefined) list.addAddress(normalizeAddress(address), type)
    else list.addSubnet(normalizeAddress(address), bits, type)
  }
  return list
}

function isTrusted(list: BlockList, address: string): boolean {
  const family = isIP(address)
  return family !== 0 && list.check(address, family === 4 ? 'ipv4' : 'ipv6')
}

/**
 * The client's address, for rate limits and the loopback check: the socket's peer as Oversight's
 * server observed it. Only when that peer is a declared trusted proxy are X-Forwarded-For hops
 * read, from the right (the nearest proxy appended the last one), skipping trusted proxies; the
 * first untrusted hop is the client. A client talking to the server directly cannot move its
 * address by sending X-Forwarded-For.
 */
export function clientAddress(headers: Headers, trusted: BlockList | null): string {
  const peerHeader = headers.get(PEER_ADDRESS_HEADER)
  if (!peerHeader) return UNKNOWN_ADDRESS
  const peer = normalizeAddress(peerHeader)
  if (!trusted || !isTrusted(trusted, peer)) return peer
  const hops = (headers.get('x-forwarded-for') ?? '')
    .split(',')
    .map(normalizeAddress)
    .filter(Boolean)
  for (let i = hops.length - 1; i >= 0; i--) {
    if (isIP(hops[i]) === 0) return peer // a malformed hop: trust nothing left of it
    if (!isTrusted(trusted, hops[i])) return hops[i]
  }
  // Every hop is a trusted proxy: the leftmost one is as far as the chain goes.
  return hops[0] ?? peer
}

/** True for 127.0.0.0/8 and ::1 (the operator-token check of the CLI beside a running server). */
export function isLoopbackAddress(address: string): boolean {
  const normalized = normalizeAddress(address)
  return normalized === '::1' || /^127\.\d+\.\d+\.\d+$/.test(normalized)
}

let parsedProxies: { spec: string | undefined; list: BlockList | null } | undefined

/** The client address of a request under the configured OVERSIGHT_TRUSTED_PROXIES (parsed once per value). */
export function requestClientAddress(request: Request): string {
  const spec = getEnv().trustedProxies
  if (!parsedProxies || parsedProxies.spec !== spec) parsedProxies = { spec, list: parseTrustedProxies(spec) }
  return clientAddress(request.headers, parsedProxies.list)
}
