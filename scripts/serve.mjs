#!/usr/bin/env node
// Oversight's HTTP server: Next.js behind a plain node:http server (Next's documented custom
// server), so that each request carries the address of the socket it came in on
// (scripts/peer-address.mjs). `next start` offers no such hook, and X-Forwarded-For, which it
// passes on as the client sent it, can be forged by anyone who reaches the port.
//   node scripts/serve.mjs [--dev] [-p PORT] [-H HOST]
import http from 'node:http'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { stampPeerAddress } from './peer-address.mjs'
import { createSignInDoor } from './sign-in-door.mjs'

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)))
const { values } = parseArgs({
  options: {
    dev: { type: 'boolean', default: false },
    port: { type: 'string', short: 'p' },
    hostname: { type: 'string', short: 'H' },
  },
})
const dev = values.dev
const port = Number(values.port ?? process.env.PORT ?? 3000)
// Unset: every interface, as `next start` does.
const hostname = values.hostname
process.env.NODE_ENV ??= dev ? 'development' : 'production'
process.env.PORT = String(port)
// Where the CLI on this machine reaches the server (server/lifecycle.ts publishes it with a token
// accepted only from loopback); unset when the server listens on no loopback address.
const cliUrl = loopbackUrl(hostname, port)
if (cliUrl) process.env.OVERSIGHT_SERVER_URL = cliUrl
else delete process.env.OVERSIGHT_SERVER_URL

function loopbackUrl(host, listenPort) {
  if (host === undefined || host === '0.0.0.0' || host === '::' || host === '127.0.0.1') return `http://127.0.0.1:${listenPort}`
  if (host === 'localhost') return `http://localhost:${listenPort}`
  if (host === '::1') return `http://[::1]:${listenPort}`
  return /^127\.\d+\.\d+\.\d+$/.test(host) ? `http://${host}:${listenPort}` : undefined
}

const { default: next } = await import('next')
const app = next({ dev, dir: root, port, hostname: hostname ?? 'localhost' })
const handle = app.getRequestHandler()
await app.prepare()

const signInDoor = createSignInDoor()
const server = http.createServer((request, response) => {
  stampPeerAddress(request)
  if (!signInDoor.admit(request, response)) return
  handle(request, response).catch((error) => {
    console.error(`[oversight] request failed: ${request.method} ${request.url}`, error)
    if (!response.headersSent) response.statusCode = 500
    response.end()
  })
})
if (dev) {
  const upgrade = app.getUpgradeHandler()
  server.on('upgrade', (request, socket, head) => {
    stampPeerAddress(request)
    upgrade(request, socket, head).catch(() => socket.destroy())
  })
}
server.on('error', (error) => {
  console.error(`[oversight] the server could not listen on ${hostname ?? '*'}:${port}: ${error.message}`)
  process.exit(1)
})
server.listen(port, hostname, () => {
  console.error(`[oversight] ready on http://${hostname ?? 'localhost'}:${port}${dev ? ' (development)' : ''}`)
})
