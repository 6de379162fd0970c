import { expect, request as playwrightRequest, test, type APIRequestContext, type APIResponse } from '@playwright/test'

const ADMIN = { username: 'admin', password: process.env.E2E_ADMIN_PASSWORD ?? 'e2e-admin-password' }
const FORGED = 'oversight_session=forged'

/**
 * Every dashboard page checks the session itself (requirePageSession), not only through the
 * layout: a client-side navigation asks for the page's segment alone, and the layout does not run
 * for it. /settings checks it through requirePageUser, which it needs for the role anyway.
 */
const PAGES = ['/overview', '/workload', '/calibration', '/agreement', '/thresholds', '/oversight', '/settings']
/** What only a rendered dashboard page puts in its payload: its header (the layout: the sidebar). */
const PAGE_MARKERS = ['page-header', 'sidebar-user']

/** The router state a browser sends when it navigates from another dashboard page (it holds the layout). */
function routerStateFrom(page: string): string {
  return encodeURIComponent(JSON.stringify(['', { children: ['(dashboard)', { children: [page, { children: ['__PAGE__', {}] }] }] }]))
}

/**
 * A client-side navigation's request (RSC payload of the page segment only). Next first answers
 * 307 to the same URL with an `_rsc` cache key; a browser follows it with the same headers.
 */
async function navigate(api: APIRequestContext, path: string, headers: Record<string, string>): Promise<APIResponse> {
  const rsc = { ...headers, RSC: '1', 'Next-Router-State-Tree': routerStateFrom(path === '/overview' ? 'agreement' : 'overview') }
  let response = await api.get(path, { headers: rsc, maxRedirects: 0 })
  const location = response.headers()['location'] ?? ''
  if (response.status() === 307 && location.includes('_rsc=')) response = await api.get(location, { headers: rsc, maxRedirects: 0 })
  return response
}

function expectNoPagePayload(body: string, what: string) {
  for (const marker of PAGE_MARKERS) expect(body, `${what}: ${marker}`).not.toContain(marker)
}

test.describe('a forged session cookie gets no page', () => {
  let signedIn: APIRequestContext
  let anonymous: APIRequestContext

  test.beforeAll(async ({ baseURL }) => {
    anonymous = await playwrightRequest.newContext({ baseURL })
    signedIn = await playwrightRequest.newContext({ baseURL })
    const login = await signedIn.post('/api/auth/login', { data: ADMIN, headers: { Origin: baseURL! } })
    expect(login.status(), await login.text()).toBe(200)
  })
  test.afterAll(async () => {
    await anonymous.dispose()
    await signedIn.dispose()
  })

  for (const path of PAGES) {
    test(`${path}: a full load redirects to /login with no page in the body`, async () => {
      const response = await anonymous.get(path, { headers: { Cookie: FORGED }, maxRedirects: 0 })
      expect(response.status()).toBe(307)
      expect(response.headers()['location']).toBe(`/login?next=${encodeURIComponent(path)}`)
      expectNoPagePayload(await response.text(), `${path} full load`)
    })

    test(`${path}: a client-side navigation gets a redirect to /login, not the page's payload`, async () => {
      const forged = await navigate(anonymous, path, { Cookie: FORGED })
      const body = await forged.text()
      expect(body).toContain(`NEXT_REDIRECT;replace;/login?next=${encodeURIComponent(path)};307;`)
      expectNoPagePayload(body, `${path} navigation`)
      // The same request signed in carries the page: the markers are what a leak would show.
      const real = await navigate(signedIn, path, {})
      expect(real.status()).toBe(200)
      // /settings renders in a client component, so its payload carries the props, not the markup.
      expect(await real.text()).toMatch(path === '/settings' ? /"role":"admin"/ : /page-header/)
    })
  }
})
