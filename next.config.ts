import type { NextConfig } from 'next'

const nextConfig: NextConfig = {
  // chDB is a native addon: it must be loaded by Node at run time, never bundled.
  serverExternalPackages: ['chdb', '@electric-sql/pglite'],
  poweredByHeader: false,
  // The CLI and tests use their own data dirs; keep the build output apart from them.
  distDir: process.env.OVERSIGHT_DIST_DIR ?? '.next',
}

export default nextConfig
