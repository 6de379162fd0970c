import { NextResponse, type NextRequest } from 'next/server'
import { pageNeedsSession } from '@/lib/auth/public-paths'
import { PAGE_PATH_HEADER, SESSION_COOKIE, isSecureRequest } from '@/lib/auth/session-cookie'
import { createNonce, pageContentSecurityPolicy } from '@/lib/security-headers'

const CSP_HEADER = 'Content-Security-Policy'

/**
 * Next 16 "proxy" (formerly middleware), in front of every page (not /api/ or build assets):
 *
 * - A fresh CSP nonce per request, set on the request (Next reads the nonce from the request's
 *   Content-Security-Policy header and puts it on its inline bootstrap scripts; the pages are all
 *   rendered per request, they read the session) and on the response. The other security headers
 *   are static and come from next.config.ts.
 * - A visitor without a session cookie who asks for a page goes to /login?next=<path>. It only
 *   checks that the cookie is present; pages verify the session (lib/auth/page.ts) and API routes
 *   answer 401 themselves, so an expired cookie is still caught.
 */
export function proxy(request: NextRequest): NextResponse {
  const { pathname, search } = request.nextUrl
  const csp = pageContentSecurityPolicy({
    nonce: createNonce(),
    dev: process.env.NODE_ENV === 'development',
    secure: isSecureRequest(request),
  })
  const needsSession = pageNeedsSession(pathname)
  let response: NextResponse
  if (needsSession && !request.cookies.get(SESSION_COOKIE)?.value) {
    const login = new URL('/login', request.url)
    login.searchParams.set('next', pathname + search)
    response = NextResponse.redirect(login)
  } else {
    const headers = new Headers(request.headers)
    headers.set(CSP_HEADER, csp)
    // Pages learn their own path from this header, so an expired session still returns here after sign-in.
    if (needsSession) headers.set(PAGE_PATH_HEADER, pathname + search)
    response = NextResponse.next({ request: { headers } })
  }
  response.headers.set(CSP_HEADER, csp)
  return response
}

export const config = {
  // Skip API routes and build assets before the function runs at all; pageNeedsSession repeats it.
  matcher: ['/((?!api/|_next/static|_next/image|favicon.ico).*)'],
}
