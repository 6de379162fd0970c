import type { NextConfig } from 'next'
import { API_SECURITY_HEADERS, COMMON_SECURITY_HEADERS, FORWARDED_HTTPS_PATTERN, STRICT_TRANSPORT_SECURITY } from './lib/security-headers'

const asList = (headers: Readonly<Record<string, string>>) => Object.entries(headers).map(([key, value]) => ({ key, value }))

const nextConfig: NextConfig = {
  // chDB is a native addon: it must be loaded by Node at run time, never bundled.
  serverExternalPackages: ['chdb', '@electric-sql/pglite'],
  poweredByHeader: false,
  // The CLI and tests use their own data dirs; keep the build output apart from them.
  distDir: process.env.OVERSIGHT_DIST_DIR ?? '.next',
  // Static security headers on every response (lib/security-headers.ts); pages' CSP, which
  // carries a per-request nonce, comes from proxy.ts. A route's own header of the same name wins.
  async headers() {
    return [
      { source: '/:path*', headers: asList(COMMON_SECURITY_HEADERS) },
      { source: '/api/:path*', headers: asList(API_SECURITY_HEADERS) },
      {
        source: '/:path*',
        has: [{ type: 'header', key: 'x-forwarded-proto', value: FORWARDED_HTTPS_PATTERN }],
        headers: [{ key: 'Strict-Transport-Security', value: STRICT_TRANSPORT_SECURITY }],
      },
    ]
  },
}

export default nextConfig
