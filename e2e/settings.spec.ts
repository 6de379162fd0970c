import { expect, test, type Page } from '@playwright/test'

/** The webServer of playwright.config.ts creates the admin with this password. */
const ADMIN = { username: 'admin', password: process.env.E2E_ADMIN_PASSWORD ?? 'e2e-admin-password' }

async function signIn(page: Page, user: { username: string; password: string }) {
  await page.getByLabel('Username', { exact: true }).fill(user.username)
  await page.getByLabel('Password', { exact: true }).fill(user.password)
  await page.getByRole('button', { name: 'Sign in' }).click()
}

test('an admin creates an ingest key and a lead in Settings; the key ingests, the lead sees no admin parts', async ({
  page,
  context,
  browser,
  baseURL,
  playwright,
}) => {
  const run = Date.now().toString(36)
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL })

  await page.goto('/settings')
  await expect(page).toHaveURL(/\/login\?next=%2Fsettings$/)
  await signIn(page, ADMIN)
  await expect(page).toHaveURL(/\/settings$/)
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible()
  // The dashboard filters do not apply here: no filter bar.
  await expect(page.getByRole('search', { name: 'Filters' })).toHaveCount(0)

  // An ingest key, from the keyboard: name, scope, Enter.
  const keyName = `e2e pipeline ${run}`
  await page.getByLabel('Key name').fill(keyName)
  await page.getByLabel('Scope').selectOption('ingest')
  await page.getByLabel('Key name').press('Enter')
  const panel = page.getByTestId('new-api-key')
  await expect(panel).toContainText('Shown only once')
  await panel.getByRole('button', { name: 'Copy', exact: true }).click()
  await expect(page.getByTestId('new-api-key-copy-status')).toHaveText('Copied to the clipboard.')
  const key = await page.evaluate(() => navigator.clipboard.readText())
  expect(key).toMatch(/^ovs_[A-Za-z0-9]{40}$/)
  await expect(panel.getByLabel('API key (ingest)')).toHaveValue(key)
  await expect(page.getByTestId('curl-example')).toContainText(`'${baseURL}/api/v1/events'`)
  await expect(page.getByTestId('curl-example')).toContainText(`Bearer ${key}`)

  // The copied key sends telemetry to this server, with no session at all.
  const api = await playwright.request.newContext({ baseURL })
  const event = {
    type: 'prediction',
    event_id: `e2e-settings-${run}`,
    ts: new Date().toISOString(),
    model: 'fraud-detector',
    segment: 'eu',
    item_id: `e2e-settings-${run}`,
    predicted_label: 'legit',
    confidence: 0.97,
    route: 'auto',
    propensity: 0.02,
  }
  const ingest = await api.post('/api/v1/events', {
    headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/x-ndjson' },
    data: `${JSON.stringify(event)}\n`,
  })
  expect(ingest.status()).toBe(200)
  expect(await ingest.json()).toMatchObject({ accepted: 1, duplicates: 0, rejected: [] })
  await api.dispose()

  // Once used, the key is listed as used (and never shown again).
  await panel.getByRole('button', { name: 'Done' }).click()
  await expect(panel).toHaveCount(0)
  await page.reload()
  const keyRow = page.getByTestId('keys-table').getByRole('row', { name: new RegExp(keyName) })
  await expect(keyRow).toContainText('Active')
  await expect(keyRow.getByTestId('key-last-used')).not.toHaveText('never')
  await expect(keyRow.getByTestId('key-last-used')).toContainText('UTC')
  await expect(page.getByText(key)).toHaveCount(0)
  await expect(page.getByTestId('change-log-table')).toContainText(`“${keyName}” (ingest)`)

  // A team lead, with a generated one-time password shown once.
  const leadName = `lead-${run}`
  await page.getByLabel('Username', { exact: true }).fill(leadName)
  await page.getByLabel('Role', { exact: true }).selectOption('lead')
  await page.getByRole('button', { name: 'Create user' }).click()
  const issued = page.getByTestId('one-time-password')
  await expect(issued).toContainText('Shown only once')
  const password = await issued.getByLabel(`One-time password for ${leadName}`).inputValue()
  expect(password).toMatch(/^[A-Za-z0-9]{20}$/)
  await expect(page.getByTestId(`user-row-${leadName}`)).toContainText('Active')
  await expect(page.getByTestId('change-log-table')).toContainText(`created user ${leadName} (team lead)`)

  // The lead signs in elsewhere: Settings shows a note and the change log, no admin parts, and
  // makes no admin API call; the admin API itself answers 403.
  const leadContext = await browser.newContext({ baseURL })
  const leadPage = await leadContext.newPage()
  const adminCalls: string[] = []
  leadPage.on('request', (request) => {
    if (/\/api\/v1\/(users|keys)\b/.test(request.url())) adminCalls.push(request.url())
  })
  await leadPage.goto('/settings')
  await signIn(leadPage, { username: leadName, password })
  await expect(leadPage).toHaveURL(/\/settings$/)
  await expect(leadPage.getByTestId('read-only-note')).toContainText('managed by administrators')
  await expect(leadPage.getByTestId('change-log-table')).toContainText(`created user ${leadName} (team lead)`)
  await expect(leadPage.getByTestId('users-section')).toHaveCount(0)
  await expect(leadPage.getByTestId('keys-section')).toHaveCount(0)
  await expect(leadPage.getByRole('button', { name: /Create (user|key)|Revoke|Disable|Reset password/ })).toHaveCount(0)
  expect(adminCalls).toEqual([])

  const listUsers = await leadContext.request.get('/api/v1/users')
  expect(listUsers.status()).toBe(403)
  expect((await listUsers.json()).error.code).toBe('forbidden')
  const createKey = await leadContext.request.post('/api/v1/keys', { headers: { Origin: baseURL! }, data: { name: 'not allowed', scope: 'admin' } })
  expect(createKey.status()).toBe(403)
  expect((await createKey.json()).error.code).toBe('forbidden')
  await leadContext.close()
})
