import { describe, expect, it } from 'vitest'
import { APT_INSTALL, APT_UPDATE, SYSTEM_CHROMIUM, chooseBrowser } from './e2e-browser.mjs'

const PLAYWRIGHT = '/root/.cache/ms-playwright/chromium-1255/chrome-linux64/chrome'

/** A machine on which exactly `files` exist. */
function facts(files: string[], options: { isRoot: boolean; hasApt: boolean; playwrightPath?: string | null }) {
  return {
    playwrightPath: options.playwrightPath === undefined ? PLAYWRIGHT : options.playwrightPath,
    exists: (file: string) => files.includes(file),
    isRoot: options.isRoot,
    hasApt: options.hasApt,
  }
}

describe('chooseBrowser', () => {
  it("uses Playwright's own chromium when it is downloaded, even beside Debian's", () => {
    expect(chooseBrowser(facts([PLAYWRIGHT, SYSTEM_CHROMIUM], { isRoot: true, hasApt: true }))).toEqual({
      action: 'use',
      executablePath: PLAYWRIGHT,
      source: 'playwright',
    })
  })

  it("uses Debian's chromium when Playwright's is not downloaded or Playwright has none", () => {
    const expected = { action: 'use', executablePath: SYSTEM_CHROMIUM, source: 'system' }
    expect(chooseBrowser(facts([SYSTEM_CHROMIUM], { isRoot: false, hasApt: false }))).toEqual(expected)
    expect(chooseBrowser(facts([SYSTEM_CHROMIUM], { isRoot: false, hasApt: false, playwrightPath: null }))).toEqual(expected)
  })

  it("installs Debian's chromium when neither exists and it runs as root with apt-get", () => {
    const choice = chooseBrowser(facts([], { isRoot: true, hasApt: true }))
    expect(choice).toMatchObject({ action: 'install', commands: [APT_UPDATE, APT_INSTALL] })
    expect(APT_INSTALL).toBe('DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium')
    if (choice.action !== 'install') throw new Error('unreachable')
    expect(choice.message).toContain('installing Debian')
  })

  it('fails with the sudo apt command when not root', () => {
    const choice = chooseBrowser(facts([], { isRoot: false, hasApt: true }))
    expect(choice.action).toBe('fail')
    if (choice.action !== 'fail') throw new Error('unreachable')
    expect(choice.message).toContain(`sudo sh -c '${APT_UPDATE} && ${APT_INSTALL}'`)
    expect(choice.message).toContain('not root')
  })

  it('fails with the Playwright download command when there is no apt-get, root or not', () => {
    for (const isRoot of [true, false]) {
      const choice = chooseBrowser(facts([], { isRoot, hasApt: false }))
      expect(choice.action).toBe('fail')
      if (choice.action !== 'fail') throw new Error('unreachable')
      expect(choice.message).toContain('npx playwright install chromium')
      expect(choice.message).not.toContain('apt-get install')
    }
  })
})
