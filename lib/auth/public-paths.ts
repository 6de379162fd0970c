/** Static files served from public/ or the app folder (icons, robots.txt): never behind sign-in. */
const STATIC_FILE = /\.(?:ico|png|svg|jpe?g|gif|webp|txt|xml|webmanifest|woff2?)$/i

/**
 * Whether the proxy should send a visitor without a session cookie to the login page. Pages
 * need a session; `/login` does not; `/api/*` authenticates itself and must answer 401 JSON,
 * not a redirect; `/_next/*` and static files are assets. Pure, so it is unit-tested.
 */
export function pageNeedsSession(pathname: string): boolean {
  if (pathname === '/login' || pathname.startsWith('/login/')) return false
  if (pathname === '/api' || pathname.startsWith('/api/')) return false
  if (pathname.startsWith('/_next/')) return false
  return !STATIC_FILE.test(pathname)
}
