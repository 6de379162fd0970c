import { NextResponse, type NextRequest } from 'next/server'
import { pageNeedsSession } from '@/lib/auth/public-paths'
import { PAGE_PATH_HEADER, SESSION_COOKIE } from '@/lib/auth/session-cookie'

/**
 * Next 16 "proxy" (formerly middleware): a visitor without a session cookie who asks for a page
 * goes to /login?next=<path>. It only checks that the cookie is present; pages verify the session
 * (lib/auth/page.ts) and API routes answer 401 themselves, so an expired cookie is still caught.
 */
export function proxy(request: NextRequest): NextResponse {
  const { pathname, search } = request.nextUrl
  if (!pageNeedsSession(pathname)) return NextResponse.next()
  if (request.cookies.get(SESSION_COOKIE)?.value) {
    // Pages learn their own path from this header, so an expired session still returns here after sign-in.
    const headers = new Headers(request.headers)
    headers.set(PAGE_PATH_HEADER, pathname + search)
    return NextResponse.next({ request: { headers } })
  }
  const login = new URL('/login', request.url)
  login.searchParams.set('next', pathname + search)
  return NextResponse.redirect(login)
}

export const config = {
  // Skip API routes and build assets before the function runs at all; pageNeedsSession repeats it.
  matcher: ['/((?!api/|_next/static|_next/image|favicon.ico).*)'],
}
