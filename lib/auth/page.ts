import { cookies, headers } from 'next/headers'
import { redirect } from 'next/navigation'
import { cache } from 'react'
import type { UserRole } from '@/db/relational/schema'
import { getDb } from '@/lib/db'
import { SESSION_COOKIE, getSessionUser } from './sessions'
import { PAGE_PATH_HEADER } from './session-cookie'
import { safeNextPath } from './next-path'

export interface PageUser {
  id: number
  username: string
  role: UserRole
}

/**
 * The signed-in user for a server component, or null. Cached per request (React `cache`), so a
 * layout and its page share one lookup.
 */
export const getPageUser = cache(async (): Promise<PageUser | null> => {
  const token = (await cookies()).get(SESSION_COOKIE)?.value
  if (!token) return null
  return getSessionUser(await getDb(), token, new Date())
})

/**
 * The signed-in user, or a redirect to the login page that brings the user back to `nextPath`
 * (a path on this site, e.g. '/calibration?model=m') afterwards. The proxy already redirects
 * requests without a cookie; this also covers expired sessions and disabled users.
 */
export async function requirePageUser(nextPath?: string): Promise<PageUser> {
  const user = await getPageUser()
  if (user) return user
  // Without an explicit path, the one the proxy passed on (the header comes only from the proxy: it overwrites any sent).
  const back = safeNextPath(nextPath ?? (await headers()).get(PAGE_PATH_HEADER))
  redirect(`/login?next=${encodeURIComponent(back)}`)
}

/**
 * The session check every dashboard page makes itself, first thing. The layout's check is not
 * enough: a client-side navigation asks the server for the new page's segment only, and the
 * layout does not run for it, so a request with a forged cookie got the page's payload (and on a
 * full load the page renders alongside the layout). Shares the layout's cached lookup.
 */
export function requirePageSession(): Promise<PageUser> {
  return requirePageUser()
}
