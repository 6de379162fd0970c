import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { expect, test, type APIResponse, type Page, type Response } from '@playwright/test'

/** The webServer of playwright.config.ts creates the admin with this password. */
const ADMIN = { username: 'admin', password: process.env.E2E_ADMIN_PASSWORD ?? 'e2e-admin-password' }
const SIGNED_IN_PAGES = ['/overview', '/calibration', '/agreement'] as const

async function signIn(page: Page) {
  await page.goto('/overview')
  await expect(page).toHaveURL(/\/login\?/)
  await page.getByLabel('Username', { exact: true }).fill(ADMIN.username)
  await page.getByLabel('Password', { exact: true }).fill(ADMIN.password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page).toHaveURL(/\/overview/)
}

function headersOf(response: Response | APIResponse | null): Record<string, string> {
  expect(response, 'a response').not.toBeNull()
  return response!.headers()
}

/** Policy directives by name: "script-src 'self' 'nonce-x'" → script-src: ["'self'", "'nonce-x'"]. */
function directives(csp: string | undefined): Map<string, string[]> {
  expect(csp, 'a Content-Security-Policy header').toBeTruthy()
  return new Map(csp!.split(';').map((part) => {
    const [name, ...sources] = part.trim().split(/\s+/)
    return [name, sources] as [string, string[]]
  }))
}

function nonceOf(csp: string | undefined): string {
  const nonce = directives(csp).get('script-src')?.find((source) => source.startsWith("'nonce-"))
  expect(nonce, 'a nonce in script-src').toBeTruthy()
  return nonce!.slice("'nonce-".length, -1)
}

/** The headers every page carries; the CSP checked for a production server (no eval). */
function expectPageHeaders(headers: Record<string, string>) {
  expect(headers['x-frame-options']).toBe('DENY')
  expect(headers['x-content-type-options']).toBe('nosniff')
  expect(headers['referrer-policy']).toBe('same-origin')
  expect(headers['strict-transport-security'], 'no HSTS over plain http').toBeUndefined()
  const csp = directives(headers['content-security-policy'])
  expect(csp.get('frame-ancestors')).toEqual(["'none'"])
  expect(csp.get('script-src')).toContain("'strict-dynamic'")
  expect(csp.get('script-src')).not.toContain("'unsafe-inline'")
  expect(csp.get('script-src')).not.toContain("'unsafe-eval'")
  expect(csp.get('style-src')).not.toContain("'unsafe-inline'")
  expect(csp.get('object-src')).toEqual(["'none'"])
}

function expectApiHeaders(headers: Record<string, string>) {
  expect(headers['cache-control']).toBe('no-store')
  expect(headers['x-content-type-options']).toBe('nosniff')
  expect(headers['x-frame-options']).toBe('DENY')
  expect(directives(headers['content-security-policy']).get('default-src')).toEqual(["'none'"])
}

/** Records CSP violations (the DOM event), console errors and uncaught errors of a page. */
async function watchForViolations(page: Page): Promise<string[]> {
  const problems: string[] = []
  await page.exposeFunction('__reportCspViolation', (text: string) => problems.push(`securitypolicyviolation: ${text}`))
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const report = (window as unknown as { __reportCspViolation: (text: string) => void }).__reportCspViolation
      void report(`${event.violatedDirective} blocked ${event.blockedURI || 'inline'} (${event.sourceFile}:${event.lineNumber}) ${event.sample}`)
    })
  })
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`)
  })
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`))
  return problems
}

test('the login page: CSP with a fresh nonce on its scripts, no framing, no sniffing', async ({ page, request }) => {
  const headers = headersOf(await page.goto('/login'))
  expectPageHeaders(headers)
  const nonce = nonceOf(headers['content-security-policy'])

  // Each request gets its own nonce, and Next put it on every script of that response.
  const other = await request.get('/login')
  const otherNonce = nonceOf(other.headers()['content-security-policy'])
  expect(otherNonce).not.toBe(nonce)
  const scripts = (await other.text()).match(/<script\b[^>]*>/g) ?? []
  expect(scripts.length).toBeGreaterThan(0)
  for (const tag of scripts) expect(tag).toContain(`nonce="${otherNonce}"`)
})

test('HSTS only when the request came over https (X-Forwarded-Proto from the TLS proxy)', async ({ request }) => {
  for (const path of ['/login', '/api/health']) {
    expect((await request.get(path)).headers()['strict-transport-security'], path).toBeUndefined()
    const secure = await request.get(path, { headers: { 'X-Forwarded-Proto': 'https' } })
    expect(secure.headers()['strict-transport-security'], path).toBe('max-age=31536000')
  }
  const login = await request.get('/login', { headers: { 'X-Forwarded-Proto': 'https' } })
  expect(directives(login.headers()['content-security-policy']).has('upgrade-insecure-requests')).toBe(true)
})

test('API responses are never cached and carry the same headers, signed in or not', async ({ page, request }) => {
  expectApiHeaders((await request.get('/api/health')).headers())
  const denied = await request.get('/api/v1/metrics/overview')
  expect(denied.status()).toBe(401)
  expectApiHeaders(denied.headers())

  await signIn(page)
  for (const family of ['overview', 'calibration', 'agreement']) {
    const metrics = await page.request.get(`/api/v1/metrics/${family}`)
    expect(metrics.status(), family).toBe(200)
    expectApiHeaders(metrics.headers())
  }
})

test('signed-in pages load and draw their charts with no CSP violation', async ({ page }) => {
  const problems = await watchForViolations(page)
  expectPageHeaders(headersOf(await page.goto('/login')))
  await signIn(page)
  for (const path of SIGNED_IN_PAGES) {
    const headers = headersOf(await page.goto(path))
    expectPageHeaders(headers)
    await expect(page.locator('svg.recharts-surface').first()).toBeVisible()
    if (path === '/overview') await expect(page.locator('.chart-card svg.recharts-surface').nth(1)).toBeVisible()
    await page.screenshot({ path: test.info().outputPath(`${path.slice(1)}-signed-in.png`), fullPage: true })
  }
  // Client-side navigation too (RSC requests go through the proxy as well).
  await page.getByRole('link', { name: 'Calibration' }).click()
  await expect(page).toHaveURL(/\/calibration/)
  await expect(page.locator('svg.recharts-surface').first()).toBeVisible()
  expect(problems).toEqual([])
})

test('a page on another origin cannot frame the login page', async ({ page, baseURL }) => {
  // A real server on another origin of this machine (a page Playwright fulfils itself counts as a
  // public one, and the browser's local-network rules would stop the frame before our headers).
  const framing = http.createServer((request, response) => {
    response.writeHead(200, { 'Content-Type': 'text/html' })
    // The control: a page of yet another origin (this server as localhost) without those headers.
    if (request.url === '/control') response.end('<!doctype html><p id="control">framed</p>')
    else response.end(`<!doctype html><iframe src="${baseURL}/login"></iframe><iframe src="${controlOrigin()}/control"></iframe>`)
  })
  const controlOrigin = () => `http://localhost:${(framing.address() as AddressInfo).port}`
  await new Promise<void>((resolve) => framing.listen(0, '127.0.0.1', resolve))
  try {
    const { port } = framing.address() as AddressInfo
    const loginResponse = page.waitForResponse((response) => response.url().startsWith(`${baseURL}/login`))
    await page.goto(`http://127.0.0.1:${port}/`)
    // The server answered the frame's request, with headers that forbid the embedding...
    const headers = (await loginResponse).headers()
    expect(headers['x-frame-options']).toBe('DENY')
    expect(directives(headers['content-security-policy']).get('frame-ancestors')).toEqual(["'none'"])
    // ...and the browser showed none of it, while it did show the control page.
    await expect(page.frameLocator('iframe').nth(1).locator('#control')).toHaveText('framed')
    const frames = page.frames().filter((f) => f !== page.mainFrame())
    expect(frames).toHaveLength(2)
    const loginFrame = frames.find((f) => !f.url().endsWith('/control'))!
    expect(loginFrame.url()).not.toContain('/login')
    expect(await loginFrame.locator('input[type="password"]').count()).toBe(0)
  } finally {
    framing.closeAllConnections() // the browser keeps its connections alive
    await new Promise((resolve) => framing.close(resolve))
  }
})
