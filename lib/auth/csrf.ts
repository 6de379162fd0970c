/** Methods that change state; GET/HEAD/OPTIONS must stay side-effect free for this check to hold. */
const STATE_CHANGING_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

export function isStateChanging(method: string): boolean {
  return STATE_CHANGING_METHODS.has(method.toUpperCase())
}

function hostOf(url: string | null): string | null {
  if (!url) return null
  try {
    return new URL(url).host.toLowerCase()
  } catch {
    return null
  }
}

/**
 * Origin check against cross-site request forgery for cookie-authenticated requests: the
 * Origin header (or, when a browser omits it, the Referer) must name this server's host.
 * Browsers send Origin on every non-GET fetch and form post, and a cross-site page cannot
 * forge it, so no token is needed. A request with neither header is refused: a browser would
 * have sent one, and non-browser clients use Bearer keys. X-Forwarded-Host is accepted next to
 * Host because a reverse proxy may rewrite Host, and a cross-site page cannot set that header.
 * The scheme is not compared: TLS is often terminated in front of the server.
 */
export function isSameOriginRequest(headers: Headers, requestUrl: string): boolean {
  // When Origin is present it decides alone ("null", from sandboxed frames, is refused).
  const origin = headers.get('origin')
  const source = origin !== null ? hostOf(origin) : hostOf(headers.get('referer'))
  if (!source) return false
  const allowed = new Set<string>()
  const host = headers.get('host')
  if (host) allowed.add(host.toLowerCase())
  const forwarded = headers.get('x-forwarded-host')?.split(',')[0]?.trim()
  if (forwarded) allowed.add(forwarded.toLowerCase())
  if (allowed.size === 0) {
    const own = hostOf(requestUrl)
    if (own) allowed.add(own)
  }
  return allowed.has(source)
}
