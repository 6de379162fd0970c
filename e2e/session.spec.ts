import { expect, test } from '@playwright/test'

const ADMIN = { username: 'admin', password: process.env.E2E_ADMIN_PASSWORD ?? 'e2e-admin-password' }

test('an expired session returns to the same view after signing in again', async ({ page, context, baseURL }) => {
  // A cookie whose session no longer exists (expired, or signed out elsewhere).
  await context.addCookies([{ name: 'oversight_session', value: 'expired-or-unknown-token', url: baseURL! }])
  await page.goto('/calibration?bins=12')
  await expect(page).toHaveURL(/\/login\?next=%2Fcalibration%3Fbins%3D12$/)

  await page.getByLabel('Username', { exact: true }).fill(ADMIN.username)
  await page.getByLabel('Password', { exact: true }).fill(ADMIN.password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page).toHaveURL(/\/calibration\?bins=12$/)
})
