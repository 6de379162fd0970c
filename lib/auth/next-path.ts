/** Where a signed-in user lands by default (SPEC §4: `/` leads to the overview). */
export const DEFAULT_AFTER_SIGN_IN = '/overview'

const PLACEHOLDER_ORIGIN = 'http://oversight.invalid'

/**
 * A path a browser reads as "this site": one leading slash, then neither a second slash nor a
 * backslash (browsers read `//host` and `/\host` as another host), no control characters.
 */
function isLocalPathText(path: string): boolean {
  return path.startsWith('/') && !path.startsWith('//') && !path.startsWith('/\\') && !/[\u0000-\u001f\u007f\\]/.test(path)
}

/**
 * A `next` parameter made safe to redirect to: only a relative path on this site. Anything else
 * (absolute or protocol-relative URLs, backslash tricks, control characters, the login page
 * itself, API routes) falls back to the overview, so a crafted link cannot send a user elsewhere.
 *
 * The check runs twice: on the text as given, and again on the path `new URL()` normalises it to,
 * since dot segments can turn a harmless-looking path into a protocol-relative one
 * (`/.//evil.example`, `/..//x` and `/%2e%2e//x` all normalise to `//…`). The result is parsed
 * once more and must still name this origin. Pure and free of server imports: the login form
 * uses it too.
 */
export function safeNextPath(next: string | null | undefined): string {
  if (!next || !isLocalPathText(next)) return DEFAULT_AFTER_SIGN_IN
  let url: URL
  try {
    url = new URL(next, PLACEHOLDER_ORIGIN)
  } catch {
    return DEFAULT_AFTER_SIGN_IN
  }
  if (url.origin !== PLACEHOLDER_ORIGIN) return DEFAULT_AFTER_SIGN_IN
  const path = url.pathname
  if (!isLocalPathText(path)) return DEFAULT_AFTER_SIGN_IN
  if (path === '/login' || path.startsWith('/login/') || path === '/api' || path.startsWith('/api/')) return DEFAULT_AFTER_SIGN_IN
  const result = path + url.search + url.hash
  // What a browser would make of the redirect target: it must stay on this origin.
  if (new URL(result, PLACEHOLDER_ORIGIN).origin !== PLACEHOLDER_ORIGIN) return DEFAULT_AFTER_SIGN_IN
  return result
}
