// Which Chromium the end-to-end tests drive, shared by `npm test` (scripts/test.mjs) and
// playwright.config.ts. `chooseBrowser` is pure (the facts are passed in) so its decisions are
// unit-tested; `machineFacts` reads them from this machine.
import fs from 'node:fs'
import path from 'node:path'

/** Debian's chromium, what `apt-get install chromium` puts there. */
export const SYSTEM_CHROMIUM = '/usr/bin/chromium'

/** Flags that keep Debian's chromium quiet and working as root in a container. */
export const SYSTEM_CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
]

/** The two apt steps, as run by `npm test` when it may install packages (and as told otherwise). */
export const APT_UPDATE = 'apt-get update'
export const APT_INSTALL = 'DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium'

/** What to run by hand when `npm test` may not install packages itself. */
export function manualInstallCommand({ hasApt }) {
  if (hasApt) return `sudo sh -c '${APT_UPDATE} && ${APT_INSTALL}'`
  return 'npx playwright install chromium'
}

/**
 * The browser decision. Playwright's own chromium when it is downloaded (it needs no flags), else
 * Debian's; when neither exists, install Debian's if this process may (root with apt-get), else
 * fail with the command that gets one.
 *
 * @param {{ playwrightPath: string | null, exists: (file: string) => boolean, isRoot: boolean, hasApt: boolean }} facts
 * @returns {{ action: 'use', executablePath: string, source: 'playwright' | 'system' }
 *   | { action: 'install', commands: string[], message: string }
 *   | { action: 'fail', message: string }}
 */
export function chooseBrowser({ playwrightPath, exists, isRoot, hasApt }) {
  if (playwrightPath && exists(playwrightPath)) return { action: 'use', executablePath: playwrightPath, source: 'playwright' }
  if (exists(SYSTEM_CHROMIUM)) return { action: 'use', executablePath: SYSTEM_CHROMIUM, source: 'system' }
  if (isRoot && hasApt) {
    return {
      action: 'install',
      commands: [APT_UPDATE, APT_INSTALL],
      message:
        `No Chromium for the end-to-end tests (neither Playwright's nor ${SYSTEM_CHROMIUM}): ` +
        `installing Debian's chromium with \`${APT_UPDATE}\` then \`${APT_INSTALL}\` (a minute or two)…`,
    }
  }
  const why = isRoot ? 'apt-get is not available' : 'this process is not root'
  return {
    action: 'fail',
    message:
      `End-to-end tests need Chromium and none was found (neither Playwright's nor ${SYSTEM_CHROMIUM}), ` +
      `and ${why}, so it cannot be installed here. Run:\n  ${manualInstallCommand({ hasApt })}\nthen run npm test again.`,
  }
}

/** True when `name` is an executable file in one of PATH's directories. */
function onPath(name) {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue
    try {
      fs.accessSync(path.join(dir, name), fs.constants.X_OK)
      return true
    } catch {
      // not in this directory
    }
  }
  return false
}

/** The facts of this machine; `playwrightPath` is `chromium.executablePath()`, or null when it throws. */
export function machineFacts(playwrightPath) {
  return {
    playwrightPath,
    exists: (file) => fs.existsSync(file),
    isRoot: typeof process.getuid === 'function' && process.getuid() === 0,
    hasApt: onPath('apt-get'),
  }
}
