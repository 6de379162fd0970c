/**
 * The security headers, decided once. Pages get their Content-Security-Policy from proxy.ts (it
 * carries a fresh nonce per request, which Next reads from the request's CSP header and puts on
 * its own inline bootstrap scripts); everything else is static and set by next.config.ts
 * `headers()` on every response, API routes and assets included (the proxy skips /api/ so that it
 * never sits in front of an ingest body). Pure and free of imports, so next.config.ts can load it.
 */

/** HSTS lifetime: one year, the usual minimum; no includeSubDomains or preload, the operator's other hosts are not ours to pin. */
export const HSTS_MAX_AGE_SECONDS = 365 * 24 * 60 * 60
export const STRICT_TRANSPORT_SECURITY = `max-age=${HSTS_MAX_AGE_SECONDS}`

/** Random bytes per nonce: 128 bits, beyond guessing within a page's life. */
const NONCE_BYTES = 16

/** On every response. */
export const COMMON_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  // A response is only ever what its Content-Type says (no script from a JSON or CSV).
  'X-Content-Type-Options': 'nosniff',
  // No framing, for browsers that predate CSP's frame-ancestors (clickjacking of the login form).
  'X-Frame-Options': 'DENY',
  // The dashboard links nowhere else; its URLs carry model names and filters, and a private
  // install's host name is not announced to other origins either.
  'Referrer-Policy': 'same-origin',
}

/** On every /api/ response: data is never cached (metrics, events, auth), and JSON opened as a page runs nothing. */
export const API_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Cache-Control': 'no-store',
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
}

/**
 * A regular expression (anchored by Next's `has` matching) for an `X-Forwarded-Proto` header
 * whose first value is https: the same rule as isSecureRequest (lib/auth/session-cookie.ts), for
 * next.config.ts, which sends HSTS only then, since a plain-http install must stay reachable.
 */
export const FORWARDED_HTTPS_PATTERN = '\\s*[hH][tT][tT][pP][sS]\\s*(?:,.*)?'

/** A fresh CSP nonce (base64 of 16 random bytes). Web Crypto only, so it runs wherever the proxy runs. */
export function createNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(NONCE_BYTES))
  return btoa(String.fromCharCode(...bytes))
}

export interface PageCspOptions {
  nonce: string
  /** `next dev`: React's dev tools need eval, and the dev overlay injects styles without a nonce. */
  dev: boolean
  /** Reached over https: subresources then never fall back to http. */
  secure: boolean
}

/**
 * The pages' policy. Scripts: only those carrying this request's nonce, and what they load
 * ('strict-dynamic': Next's chunks are loaded by its nonce'd bootstrap). Style elements: our
 * stylesheets and Next's nonce'd inline styles. Style attributes: allowed ('unsafe-inline' in
 * style-src-attr only), because server-rendered markup carries them (loading skeletons' sizes,
 * the confusion heatmap's cell colours, recharts' wrappers) and a nonce cannot cover an
 * attribute; an attribute cannot run script, and <style> elements stay nonce-only.
 */
export function pageContentSecurityPolicy({ nonce, dev, secure }: PageCspOptions): string {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    dev ? "style-src 'self' 'unsafe-inline'" : `style-src 'self' 'nonce-${nonce}'`,
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(secure ? ['upgrade-insecure-requests'] : []),
  ]
  return directives.join('; ')
}
