import { expect, test, type Browser, type Page } from '@playwright/test'
import { ADMIN, shot } from './shell-helpers'

// Capacity settings in Settings (SPEC §3.3, §6): an admin and a team lead edit and save them with
// the keyboard, the server's errors land on the fields they name, every save is in Recent
// changes; a viewer sees them read only and the API refuses the viewer's PUT.

async function signInAt(page: Page, path: string, user: { username: string; password: string }) {
  await page.goto(path)
  await page.getByLabel('Username', { exact: true }).fill(user.username)
  await page.getByLabel('Password', { exact: true }).fill(user.password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page).toHaveURL(new RegExp(`${path}$`))
}

async function newUserPage(browser: Browser, baseURL: string, user: { username: string; password: string }, viewport = { width: 1440, height: 900 }) {
  const context = await browser.newContext({ baseURL, viewport })
  const page = await context.newPage()
  await signInAt(page, '/settings', user)
  return { context, page }
}

const hourInput = (page: Page, entry: number, hour: number) =>
  page.getByTestId(`capacity-entry-${entry}`).getByLabel(`Reviewers on shift ${String(hour).padStart(2, '0')}:00–`, { exact: false })

test('admin and lead edit capacity, errors name their field, a viewer reads only', async ({ page, browser, baseURL }, testInfo) => {
  const run = Date.now().toString(36)
  await signInAt(page, '/settings', ADMIN)

  // Start from no capacity at all, whatever the demo or an earlier run left; the demo's settings
  // are put back at the end, for the specs that run after this one.
  const original = (await (await page.request.get('/api/v1/settings/capacity')).json()) as { entries: unknown[] }
  const reset = await page.request.put('/api/v1/settings/capacity', { headers: { Origin: baseURL! }, data: { entries: [] } })
  expect(reset.status()).toBe(200)
  await page.reload()

  const section = page.getByTestId('capacity-section')
  await expect(section.getByRole('heading', { name: 'Capacity' })).toBeVisible()
  await expect(section.getByTestId('capacity-empty')).toContainText('No capacity configured')
  const save = section.getByRole('button', { name: 'Save capacity' })
  await expect(save).toBeDisabled()

  // The default entry, from the keyboard: it starts at the SPEC defaults, focus in its queue field.
  await section.getByRole('button', { name: 'Add the default entry' }).click()
  const first = section.getByTestId('capacity-entry-0')
  await expect(first.getByLabel('Queue', { exact: true })).toBeFocused()
  await expect(first.getByLabel('SLA (minutes)')).toHaveValue('240')
  await expect(first.getByLabel('Within SLA (%)')).toHaveValue('90')
  await expect(first.getByLabel('Target occupancy (%)')).toHaveValue('85')
  await first.getByLabel('SLA (minutes)').fill('120')
  await first.getByLabel('Set every hour to').fill('2')
  await first.getByLabel('Set every hour to').press('Enter')
  await expect(hourInput(page, 0, 23)).toHaveValue('2')
  // Office hours 08–17 UTC: type, Tab to the next hour.
  await hourInput(page, 0, 8).focus()
  for (let hour = 8; hour < 18; hour++) {
    await page.keyboard.press('ControlOrMeta+a')
    await page.keyboard.type(hour < 12 ? '6' : '8')
    await page.keyboard.press('Tab')
  }
  await expect(hourInput(page, 0, 18)).toBeFocused()
  // Arrow keys step a number field.
  await page.keyboard.press('ArrowUp')
  await expect(hourInput(page, 0, 18)).toHaveValue('3')
  await expect(first).toContainText('101 reviewer-hours')
  await expect(section.getByTestId('capacity-unsaved')).toBeVisible()
  await shot(page, testInfo, 'capacity-admin-editing-1440', true)

  // Enter in a field saves.
  await first.getByLabel('SLA (minutes)').press('Enter')
  await expect(section.getByRole('status')).toContainText('Saved 1 entry')
  await expect(page.getByTestId('change-log-table')).toContainText('updated capacity settings: added the default queue "" and any model')
  const stored = await (await page.request.get('/api/v1/settings/capacity')).json()
  expect(stored.entries).toEqual([
    {
      queue: '',
      model: null,
      sla_minutes: 120,
      sla_target: 0.9,
      target_occupancy: 0.85,
      staffed: [2, 2, 2, 2, 2, 2, 2, 2, 6, 6, 6, 6, 8, 8, 8, 8, 8, 8, 3, 2, 2, 2, 2, 2],
    },
  ])

  // A second entry left with the default's name, and half a reviewer: the server refuses both in
  // one answer, each shown on its field, focus on the first.
  await section.getByRole('button', { name: 'Add entry' }).click()
  const second = section.getByTestId('capacity-entry-1')
  const secondQueue = second.getByLabel('Queue', { exact: true })
  await expect(secondQueue).toBeFocused()
  await hourInput(page, 1, 5).fill('1.5')
  await save.click()
  await expect(secondQueue).toHaveAttribute('aria-invalid', 'true')
  await expect(second).toContainText('the default queue "" and any model are listed twice (entries 0 and 1)')
  await expect(second).toContainText('05:00–06:00 UTC: must be a whole number ≥ 0')
  await expect(hourInput(page, 1, 5)).toHaveAttribute('aria-invalid', 'true')
  await expect(hourInput(page, 1, 5)).toBeFocused()
  await expect(section.getByTestId('capacity-save-error')).toContainText('Not saved: 2 values need fixing')
  await expect(first.getByLabel('Queue', { exact: true })).not.toHaveAttribute('aria-invalid', 'true')
  await shot(page, testInfo, 'capacity-admin-error-1440', true)
  // Fixing a field clears its mark.
  await page.keyboard.press('ControlOrMeta+a')
  await page.keyboard.type('1')
  await expect(hourInput(page, 1, 5)).not.toHaveAttribute('aria-invalid', 'true')
  await secondQueue.fill(`kyc-${run}`)
  await expect(secondQueue).not.toHaveAttribute('aria-invalid', 'true')
  await second.getByLabel('Model', { exact: true }).fill('fraud-detector')
  await second.getByLabel('Within SLA (%)').fill('95')
  await save.click()
  await expect(section.getByRole('status')).toContainText('Saved 2 entries')
  await expect(page.getByTestId('change-log-table')).toContainText(`added queue "kyc-${run}" and model "fraud-detector"`)
  await expect(section.getByTestId('capacity-save-error')).toHaveCount(0)

  // Users for the other roles, through the admin API with this session.
  const password = 'capacity e2e password'
  const lead = { username: `cap-lead-${run}`, password }
  const viewer = { username: `cap-viewer-${run}`, password }
  for (const [user, role] of [
    [lead, 'lead'],
    [viewer, 'viewer'],
  ] as const) {
    const created = await page.request.post('/api/v1/users', { headers: { Origin: baseURL! }, data: { username: user.username, role, password } })
    expect(created.status()).toBe(201)
  }

  // The lead, on a phone: edits the default SLA and removes the second entry.
  const phone = await newUserPage(browser, baseURL!, lead, { width: 390, height: 844 })
  const leadSection = phone.page.getByTestId('capacity-section')
  await expect(leadSection.getByTestId('capacity-entry-1').getByLabel('Queue', { exact: true })).toHaveValue(`kyc-${run}`)
  await shot(phone.page, testInfo, 'capacity-lead-390-page', true)
  await leadSection.getByTestId('capacity-entry-1').scrollIntoViewIfNeeded()
  await shot(phone.page, testInfo, 'capacity-lead-390')
  // Nothing wider than the phone: the page does not scroll sideways.
  expect(await phone.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
  await leadSection.getByTestId('capacity-entry-0').getByLabel('SLA (minutes)').fill('60')
  await leadSection.getByRole('button', { name: `Remove kyc-${run} · model fraud-detector` }).click()
  await expect(leadSection.getByTestId('capacity-entry-1')).toHaveCount(0)
  await leadSection.getByRole('button', { name: 'Save capacity' }).click()
  await expect(leadSection.getByRole('status')).toContainText('Saved 1 entry')
  const leadRow = phone.page.getByTestId('change-log-table').getByRole('row').filter({ hasText: lead.username }).first()
  await expect(leadRow).toContainText(`removed queue "kyc-${run}" and model "fraud-detector"`)
  await expect(leadRow).toContainText('changed the default queue')
  await phone.context.close()

  // The viewer: the same settings, read only, and the API refuses their PUT.
  const reader = await newUserPage(browser, baseURL!, viewer)
  const readSection = reader.page.getByTestId('capacity-section')
  await expect(readSection.getByTestId('capacity-read-only')).toContainText('Read only')
  await expect(readSection.getByTestId('capacity-entry-0')).toContainText('60 min (1 h)')
  await expect(readSection.getByTestId('capacity-entry-0')).toContainText('All queues (default)')
  await expect(readSection.locator('input')).toHaveCount(0)
  await expect(readSection.getByRole('button')).toHaveCount(0)
  await shot(reader.page, testInfo, 'capacity-viewer-1440', true)
  const read = await reader.context.request.get('/api/v1/settings/capacity')
  expect(read.status()).toBe(200)
  expect((await read.json()).entries).toHaveLength(1)
  const refused = await reader.context.request.put('/api/v1/settings/capacity', { headers: { Origin: baseURL! }, data: { entries: [] } })
  expect(refused.status()).toBe(403)
  const error = (await refused.json()).error
  expect(error.code).toBe('forbidden')
  expect(error.message).toContain('"lead" or "admin"')
  await reader.context.close()

  // The refused PUT changed nothing.
  const after = await (await page.request.get('/api/v1/settings/capacity')).json()
  expect(after.entries).toHaveLength(1)
  expect(after.entries[0].sla_minutes).toBe(60)

  const restored = await page.request.put('/api/v1/settings/capacity', { headers: { Origin: baseURL! }, data: original })
  expect(restored.status()).toBe(200)
  expect((await restored.json()).entries).toEqual(original.entries)
})
