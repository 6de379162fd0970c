import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { describe, expect, it } from 'vitest'
// @ts-expect-error: a plain .mjs module of the server, without type declarations
import { createSignInDoor } from './sign-in-door.mjs'

describe('the sign-in door (scripts/sign-in-door.mjs)', () => {
  it('lets `max` sign-ins in at once, answers the rest 503 with Retry-After, and frees a place when one ends', async () => {
    const door = createSignInDoor(2)
    const held: http.ServerResponse[] = []
    const server = http.createServer((request, response) => {
      if (!door.admit(request, response)) return
      if (request.url === '/api/auth/login') held.push(response)
      else response.end('other')
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    try {
      const login = () => fetch(`${url}/api/auth/login`, { method: 'POST', body: '{"username":"a","password":"b"}' })
      const first = [login(), login()]
      while (held.length < 2) await new Promise((r) => setTimeout(r, 5))
      const refused = await login()
      expect(refused.status).toBe(503)
      expect(refused.headers.get('retry-after')).toBe('1')
      expect(await refused.json()).toEqual({ error: { code: 'busy', message: expect.stringContaining('retry') } })
      // Other requests, and GETs of the login path, are never held at the door.
      expect(await (await fetch(`${url}/api/v1/metrics/overview`)).text()).toBe('other')
      for (const response of held.splice(0)) response.end('done')
      await Promise.all(first)
      const again = login()
      while (held.length < 1) await new Promise((r) => setTimeout(r, 5))
      held[0].end('done')
      expect((await again).status).toBe(200)
    } finally {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    }
  })
})
