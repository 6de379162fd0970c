/** Where a signed-in user lands by default (SPEC §4: `/` leads to the overview). */
export const DEFAULT_AFTER_SIGN_IN = '/overview'

const PLACEHOLDER_ORIGIN = 'http://oversight.invalid'

/**
 * A `next` parameter made safe to redirect to: only a relative path on this site. Anything else
 * (absolute or protocol-relative URLs, backslash tricks, control characters, the login page
 * itself, API routes) falls back to the overview, so a crafted link cannot send a user elsewhere.
 * Pure and free of server imports: the login form uses it too.
 */
export function safeNextPath(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return DEFAULT_AFTER_SIGN_IN
  if (/[\u0000-\u001f\u007f\\]/.test(next)) return DEFAULT_AFTER_SIGN_IN
  let url: URL
  try {
    url = new URL(next, PLACEHOLDER_ORIGIN)
  } catch {
    return DEFAULT_AFTER_SIGN_IN
  }
  if (url.origin !== PLACEHOLDER_ORIGIN) return DEFAULT_AFTER_SIGN_IN
  const path = url.pathname
  if (path === '/login' || path.startsWith('/login/') || path === '/api' || path.startsWith('/api/')) return DEFAULT_AFTER_SIGN_IN
  return path + url.search + url.hash
}
