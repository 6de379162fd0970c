// Whether the production build (.next) is missing or older than the sources it is built from:
// shared by `npm start` and `oversight bench`, so that neither serves a stale build.
import fs from 'node:fs'
import path from 'node:path'

const SOURCES = ['app', 'lib', 'analytics', 'db', 'proxy.ts', 'server', 'instrumentation.ts', 'instrumentation-client.ts', 'next.config.ts', 'package.json', 'tsconfig.json']

function newestMtime(root, entry) {
  const full = path.join(root, entry)
  if (!fs.existsSync(full)) return 0
  const stat = fs.statSync(full)
  if (!stat.isDirectory()) return stat.mtimeMs
  let newest = stat.mtimeMs
  for (const child of fs.readdirSync(full)) newest = Math.max(newest, newestMtime(root, path.join(entry, child)))
  return newest
}

/** True when `<root>/<distDir>/BUILD_ID` is missing or older than any source file. */
export function needsBuild(root, distDir = '.next') {
  const buildId = path.join(root, distDir, 'BUILD_ID')
  if (!fs.existsSync(buildId)) return true
  const built = fs.statSync(buildId).mtimeMs
  return SOURCES.some((entry) => newestMtime(root, entry) > built)
}
