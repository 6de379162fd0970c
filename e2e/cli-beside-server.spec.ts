import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, test, type Page } from '@playwright/test'

// Issue 9's "done when", as a new user does it: with the server running (the e2e webServer is
// `npm start`'s scripts/start.mjs on .data-e2e), create an ingest key in Settings, send events
// with it, and run `oversight metrics` and `oversight ingest` in another terminal, without stopping
// the server. The CLI finds the server from the data dir (server.json) and goes through its API.

const ADMIN = { username: 'admin', password: process.env.E2E_ADMIN_PASSWORD ?? 'e2e-admin-password' }
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const DATA_DIR = path.join(ROOT, '.data-e2e')

/** `npx oversight …` in another terminal: same data dir as the server, the embedded stores. */
function oversight(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.join(ROOT, 'scripts', 'oversight.mjs'), ...args],
      { cwd: ROOT, env: { ...process.env, OVERSIGHT_DATA_DIR: DATA_DIR, DATABASE_URL: '', CLICKHOUSE_URL: '' }, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    )
  })
}

async function signIn(page: Page) {
  await page.goto('/settings')
  await page.getByLabel('Username', { exact: true }).fill(ADMIN.username)
  await page.getByLabel('Password', { exact: true }).fill(ADMIN.password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page).toHaveURL(/\/settings$/)
}

test('with the server running: a Settings key ingests, and the CLI reads metrics and ingests a file through the server', async ({ page, playwright, baseURL }) => {
  // Nine CLI runs, each starting Node and tsx (several seconds each on a busy machine).
  test.setTimeout(240_000)
  const run = Date.now().toString(36)
  await signIn(page)
  await page.getByLabel('Key name').fill(`cli e2e ${run}`)
  await page.getByLabel('Scope').selectOption('ingest')
  await page.getByRole('button', { name: /create key/i }).click()
  const key = await page.getByTestId('new-api-key').getByLabel('API key (ingest)').inputValue()
  expect(key).toMatch(/^ovs_/)

  // curl, as the Settings example shows it.
  const api = await playwright.request.newContext({ baseURL })
  const ts = new Date(Date.now() - 60_000).toISOString()
  const event = (id: string) => ({ type: 'prediction', event_id: id, ts, model: 'fraud-detector', segment: 'eu', item_id: id, predicted_label: 'legit', confidence: 0.96, route: 'auto' })
  const sent = await api.post('/api/v1/events', { headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/x-ndjson' }, data: `${JSON.stringify(event(`cli-e2e-curl-${run}`))}\n` })
  expect(sent.status()).toBe(200)

  // `npx oversight metrics overview --json` prints the JSON the API answers.
  const metrics = await oversight(['metrics', 'overview', '--json'])
  expect(metrics.stderr).toContain('holds the data dir; going through')
  expect(metrics.code).toBe(0)
  const fromCli = JSON.parse(metrics.stdout)
  const fromApi = await (await page.request.get('/api/v1/metrics/overview')).json()
  expect(fromCli).toEqual(fromApi)

  // `npx oversight ingest file.ndjson`: the same summary and exit codes as without a server.
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'oversight-cli-e2e-')), 'events.ndjson')
  fs.writeFileSync(file, [event(`cli-e2e-file-a-${run}`), event(`cli-e2e-file-b-${run}`), { type: 'review' }].map((e) => JSON.stringify(e)).join('\n'))
  const ingest = await oversight(['ingest', file])
  expect(ingest.code).toBe(1) // one line rejected
  expect(JSON.parse(ingest.stdout)).toEqual({ accepted: 2, duplicates: 0, rejected: [{ index: 2, error: 'ts: Invalid input', line: 3 }], rejected_count: 1 })
  const again = await oversight(['ingest', file])
  expect(JSON.parse(again.stdout)).toMatchObject({ accepted: 0, duplicates: 2, rejected_count: 1 })

  const after = JSON.parse((await oversight(['metrics', 'overview', '--json'])).stdout)
  expect(after.predictions).toBe(fromCli.predictions + 2)

  // Keys and users too; a bad flag is still a usage error (exit 2) naming it.
  const keys = await oversight(['keys', 'list', '--json'])
  expect(keys.code).toBe(0)
  expect(JSON.parse(keys.stdout).map((k: { name: string }) => k.name)).toContain(`cli e2e ${run}`)
  const bad = await oversight(['metrics', 'calibration', '--bins', '60', '--json'])
  expect(bad.code).toBe(2)
  expect(bad.stderr).toContain('--bins: must be an integer from 2 to 50')

  // Commands that need the data dir to themselves still say so.
  const migrate = await oversight(['migrate'])
  expect(migrate.code).toBe(3)
  expect(migrate.stderr).toMatch(/in use by another Oversight process \(pid \d+\)/)
})

test('the operator token of server.json is refused from another address and through a proxy', async ({ playwright, baseURL }) => {
  const server = JSON.parse(fs.readFileSync(path.join(DATA_DIR, 'server.json'), 'utf8'))
  expect(fs.statSync(path.join(DATA_DIR, 'server.json')).mode & 0o777).toBe(0o600)
  const port = new URL(baseURL!).port
  const api = await playwright.request.newContext()
  const headers = { Authorization: `Bearer ${server.token}` }
  expect((await api.get(`http://127.0.0.1:${port}/api/v1/keys`, { headers })).status()).toBe(200)
  expect((await api.get(`http://127.0.0.1:${port}/api/v1/keys`, { headers: { ...headers, 'X-Forwarded-For': '203.0.113.7' } })).status()).toBe(401)
  const lan = Object.values(os.networkInterfaces())
    .flat()
    .find((entry) => entry && !entry.internal && entry.family === 'IPv4')
  if (lan) expect((await api.get(`http://${lan.address}:${port}/api/v1/keys`, { headers })).status()).toBe(401)
})
