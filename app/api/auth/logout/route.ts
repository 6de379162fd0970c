import { getDb } from '@/lib/db'
import { HttpError, withErrors } from '@/lib/http-error'
import { isSameOriginRequest } from '@/lib/auth/csrf'
import { clearedSessionCookie, deleteSession, isSecureRequest, readSessionToken } from '@/lib/auth/sessions'

export const dynamic = 'force-dynamic'

/** POST /api/auth/logout: ends the session server-side, clears the cookie, 303 to /login. */
export const POST = withErrors(async (request: Request) => {
  // A forged sign-out is only a nuisance, but every cookie-authenticated POST gets the same rule.
  if (!isSameOriginRequest(request.headers, request.url)) {
    throw new HttpError(403, 'csrf_failed', 'Cross-site sign-out refused: the Origin (or Referer) header must name this server.')
  }
  const token = readSessionToken(request.headers.get('cookie'))
  if (token) await deleteSession(await getDb(), token)
  return new Response(null, {
    status: 303,
    headers: { Location: '/login', 'Set-Cookie': clearedSessionCookie({ secure: isSecureRequest(request) }), 'Cache-Control': 'no-store' },
  })
})
