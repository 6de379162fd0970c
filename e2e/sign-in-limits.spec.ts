import { expect, test } from '@playwright/test'

const ADMIN = { username: 'admin', password: process.env.E2E_ADMIN_PASSWORD ?? 'e2e-admin-password' }

// Through the real server (scripts/serve.mjs): what a client sends cannot move its address.
test('forged X-Forwarded-For and peer headers do not escape the per-address sign-in limit (issue 8.3)', async ({ request, baseURL }) => {
  const statuses: number[] = []
  for (let i = 0; i < 11; i++) {
    const response = await request.post('/api/auth/login', {
      headers: {
        origin: baseURL!,
        'x-forwarded-for': `10.1.1.${i}`,
        'x-real-ip': `10.2.2.${i}`,
        'x-oversight-peer-address': `10.3.3.${i}`,
      },
      data: { username: 'xff-probe', password: `wrong guess ${i}` },
    })
    statuses.push(response.status())
  }
  expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401))
  expect(statuses[10]).toBe(429)
  // The user the stranger guessed at is locked out only for the stranger: the admin still signs in.
  const admin = await request.post('/api/auth/login', { headers: { origin: baseURL! }, data: ADMIN })
  expect(admin.status()).toBe(200)
})

test('a signed-in visit to /login never redirects off-site, whatever `next` normalises to (issue 8.1)', async ({ request, baseURL }) => {
  expect((await request.post('/api/auth/login', { headers: { origin: baseURL! }, data: ADMIN })).status()).toBe(200)
  for (const next of ['%2F.%2F%2Fevil.example%2Fphish', '/..//x', '/%2e%2e//x', '//evil.com', '/%5Cevil.com']) {
    const response = await request.get(`/login?next=${next}`, { maxRedirects: 0 })
    expect(response.status(), next).toBe(307)
    const location = response.headers()['location'] ?? ''
    expect(new URL(location, baseURL).origin, `${next} → ${location}`).toBe(new URL(baseURL!).origin)
    expect(location.startsWith('//'), location).toBe(false)
  }
})
