#!/usr/bin/env node
// `npm test`: type check, unit and integration tests (vitest, real chDB and PGlite; PostgreSQL too
// when DATABASE_URL is set), then end-to-end tests in a real browser (Playwright).
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)))
const bin = (name) => path.join(root, 'node_modules', '.bin', name)
const only = process.argv[2] // optional: typecheck | unit | e2e

function step(label, command, args) {
  console.error(`\n▶ ${label}`)
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: process.env })
  if (result.status !== 0) {
    console.error(`\n✖ ${label} failed.`)
    process.exit(result.status ?? 1)
  }
}

/** Playwright's own chromium when installed, else Debian's, else a message saying how to get one. */
async function findBrowser() {
  try {
    const { chromium } = await import('@playwright/test')
    const own = chromium.executablePath()
    if (own && fs.existsSync(own)) return own
  } catch {
    // no Playwright browser
  }
  for (const candidate of ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome']) {
    if (fs.existsSync(candidate)) return candidate
  }
  return null
}

if (!only || only === 'typecheck') step('Type check', bin('tsc'), ['--noEmit', '-p', '.'])
if (!only || only === 'unit') step('Unit and integration tests (vitest)', bin('vitest'), ['run'])
if (!only || only === 'e2e') {
  const browser = await findBrowser()
  if (!browser) {
    console.error(
      '\n✖ End-to-end tests need Chromium and none was found.\n' +
        '  On Debian/Ubuntu: sudo apt-get install -y chromium   (or: npx playwright install chromium where downloads are allowed)',
    )
    process.exit(1)
  }
  process.env.OVERSIGHT_E2E_BROWSER = browser
  step(`End-to-end tests (Playwright, ${browser})`, bin('playwright'), ['test'])
}
console.error('\n✔ All tests passed.')
