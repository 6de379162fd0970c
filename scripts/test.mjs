#!/usr/bin/env node
// `npm test`: make sure a Chromium is there for the end-to-end tests (installing Debian's when it
// may), then type check (unused locals and parameters included), lint (which way imports go:
// .oxlintrc.json), unit and integration tests (vitest, real chDB and PGlite; PostgreSQL too when
// DATABASE_URL is set), then end-to-end tests in that browser (Playwright).
// `node scripts/test.mjs <step>` runs one step: browser | typecheck | lint | unit | e2e.
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { SYSTEM_CHROMIUM, chooseBrowser, machineFacts } from './e2e-browser.mjs'

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)))
const bin = (name) => path.join(root, 'node_modules', '.bin', name)
const STEPS = ['browser', 'typecheck', 'lint', 'unit', 'e2e']
const only = process.argv[2]
if (only !== undefined && !STEPS.includes(only)) {
  console.error(`Unknown step "${only}": expected one of ${STEPS.join(', ')}.`)
  process.exit(2)
}
const runs = (name) => only === undefined || only === name

function fail(message, status = 1) {
  console.error(`\n✖ ${message}`)
  process.exit(status)
}

function step(label, command, args, env = process.env) {
  console.error(`\n▶ ${label}`)
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env })
  if (result.status !== 0) fail(`${label} failed.`, result.status ?? 1)
}

async function playwrightChromiumPath() {
  try {
    const { chromium } = await import('@playwright/test')
    return chromium.executablePath() || null
  } catch {
    return null // no Playwright browser for this platform
  }
}

/**
 * Decides the browser before anything slow runs, so a missing one fails in seconds rather than
 * after the whole vitest suite; installs Debian's chromium when it may (root with apt-get).
 */
async function ensureBrowser() {
  console.error('\n▶ Browser for the end-to-end tests')
  const playwrightPath = await playwrightChromiumPath()
  let choice = chooseBrowser(machineFacts(playwrightPath))
  if (choice.action === 'install') {
    console.error(choice.message)
    for (const command of choice.commands) {
      console.error(`$ ${command}`)
      // apt's output goes to stderr with the rest of this script's progress.
      const result = spawnSync('sh', ['-c', command], { cwd: root, stdio: ['ignore', 2, 2], env: process.env })
      if (result.status !== 0) fail(`\`${command}\` failed (exit ${result.status}): install Chromium by hand and run npm test again.`)
    }
    choice = chooseBrowser(machineFacts(playwrightPath))
    if (choice.action !== 'use') fail(`apt-get finished but ${SYSTEM_CHROMIUM} is still missing: install Chromium by hand and run npm test again.`)
  }
  if (choice.action === 'fail') fail(choice.message)
  const name = choice.source === 'playwright' ? "Playwright's chromium" : "Debian's chromium"
  console.error(`Using ${name}: ${choice.executablePath}`)
  return choice.executablePath
}

const browser = runs('browser') || runs('e2e') ? await ensureBrowser() : null
if (runs('typecheck')) step('Type check', bin('tsc'), ['--noEmit', '-p', '.'])
if (runs('lint')) step('Lint (import direction)', bin('oxlint'), ['--tsconfig', 'tsconfig.json'])
if (runs('unit')) step('Unit and integration tests (vitest)', bin('vitest'), ['run'])
if (runs('e2e')) step(`End-to-end tests (Playwright, ${browser})`, bin('playwright'), ['test'])
console.error(only === undefined ? '\n✔ All tests passed.' : `\n✔ ${only} passed.`)
