/** The session cookie's name and rules: pure, with no database imports, so proxy.ts can use it. */
export const SESSION_COOKIE = 'oversight_session'
/** Request header in which the proxy hands a page its own path and query (for the sign-in return path). */
export const PAGE_PATH_HEADER = 'x-oversight-page-path'
const SECONDS_PER_HOUR = 3600

/** The session token from a Cookie header, if any. */
export function readSessionToken(cookieHeader: string | null): string | null {
  if (!cookieHeader) return null
  for (const part of cookieHeader.split(';')) {
    const eq = part.indexOf('=')
    if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE) {
      const value = part.slice(eq + 1).trim()
      return value === '' ? null : value
    }
  }
  return null
}

/**
 * Whether the browser reached us over https (directly or through a TLS-terminating proxy that
 * says so): only then may the cookie be marked Secure, or a plain-http localhost install could
 * never sign in.
 */
export function isSecureRequest(request: Request): boolean {
  const forwarded = request.headers.get('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase()
  if (forwarded) return forwarded === 'https'
  return new URL(request.url).protocol === 'https:'
}

/**
 * The Set-Cookie value for a session: httpOnly (scripts cannot read it), SameSite=Lax (not sent
 * on cross-site POSTs; still sent when following a link in), Path=/, Max-Age = the session TTL.
 */
export function sessionCookie(token: string, options: { secure: boolean; ttlHours: number }): string {
  const maxAge = Math.floor(options.ttlHours * SECONDS_PER_HOUR)
  return [`${SESSION_COOKIE}=${token}`, 'Path=/', 'HttpOnly', 'SameSite=Lax', `Max-Age=${maxAge}`, ...(options.secure ? ['Secure'] : [])].join('; ')
}

/** Expires the session cookie in the browser. */
export function clearedSessionCookie(options: { secure: boolean }): string {
  return [`${SESSION_COOKIE}=`, 'Path=/', 'HttpOnly', 'SameSite=Lax', 'Max-Age=0', ...(options.secure ? ['Secure'] : [])].join('; ')
}
