import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { useTempStores } from '@/test/ch-helpers'
import { generateEvents, RANDOM_FROM, RANDOM_TO, toApiEvents } from '@/test/metrics-reference'
import { getDb } from '@/lib/db'
import { listChangeLog } from '@/lib/audit/change-log'
import { requireAuth, principalName } from '@/lib/auth/guard'
import { createUser } from '@/lib/auth/users'
import { ACTOR_HEADER, issueOperatorToken, readServerFile, removeServerFile, writeServerFile } from '@/lib/auth/operator-token'
import { PEER_ADDRESS_HEADER, PEER_FORWARDED_HEADER } from '@/lib/net/client-address'
import { METRIC_FAMILY_NAMES } from '@/analytics/families'
import { stampPeerAddress } from './peer-address.mjs'
import { runCommand } from './cli'
import { ServerClient, findRunningServer } from './server-client'
import type { CommandContext } from './cli-args'
import { ingestCommand } from './commands/ingest'
import { keysCommand } from './commands/keys'
import { metricsCommand } from './commands/metrics'
import { usersCommand } from './commands/users'
import { GET as metricsRoute } from '@/app/api/v1/metrics/[family]/route'
import { POST as eventsRoute } from '@/app/api/v1/events/route'
import { GET as listKeysRoute, POST as createKeyRoute } from '@/app/api/v1/keys/route'
import { POST as revokeKeyRoute } from '@/app/api/v1/keys/[id]/revoke/route'
import { GET as listUsersRoute, POST as createUserRoute } from '@/app/api/v1/users/route'
import { PATCH as patchUserRoute } from '@/app/api/v1/users/[username]/route'
import { POST as passwordRoute } from '@/app/api/v1/users/[username]/password/route'

// The CLI beside a running server (SPEC §4, issue 9.2): every command that goes through the
// server prints what it prints in process, with the same exit code. The server here is a plain
// node:http server in front of the real route handlers and stores, stamping the socket's address
// as scripts/serve.mjs does (e2e/cli-beside-server.spec.ts runs the CLI against the real one).

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>
const ROUTES: Array<[string, RegExp, Handler]> = [
  ['GET', /^\/api\/v1\/metrics\/(?<family>[^/]+)$/, metricsRoute as Handler],
  ['POST', /^\/api\/v1\/events$/, eventsRoute as Handler],
  ['GET', /^\/api\/v1\/keys$/, listKeysRoute as Handler],
  ['POST', /^\/api\/v1\/keys$/, createKeyRoute as Handler],
  ['POST', /^\/api\/v1\/keys\/(?<id>[^/]+)\/revoke$/, revokeKeyRoute as Handler],
  ['GET', /^\/api\/v1\/users$/, listUsersRoute as Handler],
  ['POST', /^\/api\/v1\/users$/, createUserRoute as Handler],
  ['PATCH', /^\/api\/v1\/users\/(?<username>[^/]+)$/, patchUserRoute as Handler],
  ['POST', /^\/api\/v1\/users\/(?<username>[^/]+)\/password$/, passwordRoute as Handler],
]

async function serve(incoming: http.IncomingMessage, outgoing: http.ServerResponse) {
  stampPeerAddress(incoming)
  const url = new URL(incoming.url ?? '/', 'http://127.0.0.1')
  const route = ROUTES.find(([method, pattern]) => method === incoming.method && pattern.test(url.pathname))
  if (!route) {
    outgoing.writeHead(404).end()
    return
  }
  const chunks: Buffer[] = []
  for await (const chunk of incoming) chunks.push(chunk as Buffer)
  const headers = new Headers()
  for (const [name, value] of Object.entries(incoming.headers)) if (typeof value === 'string') headers.set(name, value)
  const request = new Request(url, { method: incoming.method, headers, body: chunks.length > 0 ? Buffer.concat(chunks) : undefined })
  const params = Object.fromEntries(Object.entries(route[1].exec(url.pathname)?.groups ?? {}).map(([k, v]) => [k, decodeURIComponent(v)]))
  const response = await route[2](request, { params: Promise.resolve(params) })
  outgoing.writeHead(response.status, Object.fromEntries(response.headers))
  outgoing.end(Buffer.from(await response.arrayBuffer()))
}

let cleanup: () => Promise<void>
let dataDir: string
// Names of this run: with DATABASE_URL the relational store is a PostgreSQL that outlives the test.
const RUN = Date.now().toString(36)
const ALICE = `ops-alice-${RUN}`
const BOB = `bob-remote-${RUN}`
let server: http.Server
let url: string
let client: ServerClient

beforeAll(async () => {
  ;({ cleanup, dataDir } = await useTempStores('cli-server'))
  await createUser(await getDb(), { username: ALICE, role: 'admin', password: 'alice password' })
  server = http.createServer((incoming, outgoing) => {
    serve(incoming, outgoing).catch((error: unknown) => outgoing.writeHead(500).end(String(error)))
  })
  // Every interface, as `npm start` listens: the CLI comes in on loopback, a LAN client on eth0.
  await new Promise<void>((resolve) => server.listen(0, '0.0.0.0', resolve))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  client = new ServerClient({ url, token: issueOperatorToken(), pid: process.pid, started_at: new Date().toISOString() })
})
afterAll(async () => {
  if (server) await new Promise((resolve) => server.close(resolve))
  await cleanup?.()
})

/** Runs a command with stdout and stderr captured. */
async function run(command: (argv: string[], context?: CommandContext) => Promise<number>, argv: string[], context: CommandContext) {
  let stdout = ''
  let stderr = ''
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk)
    return true
  })
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk)
    return true
  })
  try {
    return { code: await command(argv, context), stdout, stderr }
  } finally {
    out.mockRestore()
    err.mockRestore()
  }
}

const IN_PROCESS: CommandContext = { server: null }
const through = (): CommandContext => ({ server: client })

function writeFile(name: string, lines: unknown[]): string {
  const file = path.join(dataDir, name)
  fs.writeFileSync(file, lines.map((line) => (typeof line === 'string' ? line : JSON.stringify(line))).join('\n'))
  return file
}

describe('oversight ingest through the running server', () => {
  it('stores the events and prints the summary and exit code the in-process command prints for them', async () => {
    const events = toApiEvents(generateEvents(5, 60))
    const file = writeFile('events.ndjson', [...events.slice(0, 40), '{"type": "prediction", "event_id": "bad"}', 'not json', ...events.slice(40)])
    const remote = await run(ingestCommand, [file], through())
    expect(remote.code).toBe(1) // two lines rejected
    const remoteSummary = JSON.parse(remote.stdout)
    expect(remoteSummary.accepted).toBe(events.length)
    expect(remoteSummary.rejected_count).toBe(2)
    // The same file again in process: every event is now a duplicate, the rejections read the same.
    const local = await run(ingestCommand, [file], IN_PROCESS)
    const localSummary = JSON.parse(local.stdout)
    expect(local.code).toBe(remote.code)
    expect(localSummary).toEqual({ ...remoteSummary, accepted: 0, duplicates: events.length })
    // And through the server once more: nothing counted twice.
    expect(JSON.parse((await run(ingestCommand, [file], through())).stdout)).toEqual(localSummary)
  })

  it('lists only --max-rejected rejections and counts them all, as in process', async () => {
    const file = writeFile('bad.ndjson', Array.from({ length: 30 }, (_, i) => ({ type: 'review', event_id: `r${i}` })))
    const remote = await run(ingestCommand, [file, '--max-rejected', '5'], through())
    const local = await run(ingestCommand, [file, '--max-rejected', '5'], IN_PROCESS)
    expect(remote.stdout).toBe(local.stdout)
    expect(remote.code).toBe(local.code)
    expect(JSON.parse(remote.stdout)).toMatchObject({ rejected_count: 30 })
    expect(JSON.parse(remote.stdout).rejected).toHaveLength(5)
  })
})

describe('oversight metrics through the running server', () => {
  it('prints byte for byte what the in-process command prints, for every family', async () => {
    const range = ['--from', new Date(RANDOM_FROM).toISOString(), '--to', new Date(RANDOM_TO).toISOString()]
    // Before now: the two runs happen at different instants, and the workload measures its backlog
    // and SLA at the end of the range or now, whichever comes first.
    const past = ['--from', '2026-11-17T00:00:00Z', '--to', '2026-12-01T00:00:00Z']
    for (const family of METRIC_FAMILY_NAMES) {
      for (const flags of [past, [...past, '--model', 'ra'], [...past, '--segment', 's1']]) {
        const local = await run(metricsCommand, [family, ...flags, '--json'], IN_PROCESS)
        const remote = await run(metricsCommand, [family, ...flags, '--json'], through())
        expect(remote.code, family).toBe(0)
        expect(remote.stdout, `${family} ${flags.join(' ')}`).toBe(local.stdout)
      }
    }
    expect(JSON.parse((await run(metricsCommand, ['overview', ...range, '--json'], through())).stdout).predictions).toBeGreaterThan(0)
  })

  it('names the flag of a bad option as in process', async () => {
    for (const argv of [['calibration', '--bins', '60'], ['overview', '--from', '2026-13-01'], ['overview', '--bins', '5'], ['agreement', '--from', '2026-12-05', '--to', '2026-12-01']]) {
      const local = await run(metricsCommand, argv, IN_PROCESS).catch((error: Error) => error.message)
      const remote = await run(metricsCommand, argv, through()).catch((error: Error) => error.message)
      expect(typeof remote, argv.join(' ')).toBe('string')
      expect(remote, argv.join(' ')).toBe(local)
    }
  })
})

describe('oversight keys and users through the running server', () => {
  it('prints the same JSON and records the --by user as the actor', async () => {
    const created = await run(keysCommand, ['create', '--scope', 'ingest', '--by', ALICE], through())
    expect(created.code).toBe(0)
    const key = JSON.parse(created.stdout)
    expect(key).toMatchObject({ name: 'ingest key', scope: 'ingest', created_by: ALICE, revoked_at: null })
    expect(key.key).toMatch(/^ovs_/)
    expect(created.stderr).toContain(`oversight keys revoke ${key.id}`)

    const localList = await run(keysCommand, ['list', '--json'], IN_PROCESS)
    expect((await run(keysCommand, ['list', '--json'], through())).stdout).toBe(localList.stdout)
    expect((await run(keysCommand, ['list'], through())).stdout).toBe((await run(keysCommand, ['list'], IN_PROCESS)).stdout)

    const revoked = JSON.parse((await run(keysCommand, ['revoke', String(key.id)], through())).stdout)
    expect(revoked.id).toBe(key.id)
    expect(revoked.revoked_at).not.toBeNull()

    const user = await run(usersCommand, ['create', BOB, '--role', 'lead', '--by', ALICE], through())
    expect(user.code).toBe(0)
    const bob = JSON.parse(user.stdout)
    expect(bob).toMatchObject({ username: BOB, role: 'lead', disabled: false })
    expect(bob.password).toEqual(expect.any(String))
    expect(JSON.parse((await run(usersCommand, ['set-role', BOB, '--role', 'ml'], through())).stdout).role).toBe('ml')
    expect(JSON.parse((await run(usersCommand, ['disable', BOB], through())).stdout).disabled).toBe(true)
    expect(JSON.parse((await run(usersCommand, ['passwd', BOB, '--password', 'a long new password'], through())).stdout)).not.toHaveProperty('password')
    expect((await run(usersCommand, ['list', '--json'], through())).stdout).toBe((await run(usersCommand, ['list', '--json'], IN_PROCESS)).stdout)
    expect((await run(usersCommand, ['list'], through())).stdout).toBe((await run(usersCommand, ['list'], IN_PROCESS)).stdout)

    const log = await listChangeLog(await getDb(), { limit: 500 })
    const actors = new Map(log.entries.map((entry) => [`${entry.action} ${entry.subject}`, entry.actor]))
    expect(actors.get(`key.create key:${key.id}`)).toBe(ALICE)
    expect(actors.get(`key.revoke key:${key.id}`)).toBe('cli')
    expect(actors.get(`user.create user:${BOB}`)).toBe(ALICE)
    expect(actors.get(`user.disable user:${BOB}`)).toBe('cli')
  })

  it('fails as in process: an unknown --by user, an unknown user, the last admin', async () => {
    const cases: string[][] = [
      ['create', `carol-${RUN}`, '--role', 'viewer', '--by', `nobody-${RUN}`],
      ['disable', 'no-such-user'],
      ['create', 'bad name!', '--role', 'viewer'],
    ]
    for (const argv of cases) {
      const local = await run((a) => runCommand('users', usersCommand, a, IN_PROCESS), argv, IN_PROCESS)
      const remote = await run((a) => runCommand('users', usersCommand, a, through()), argv, through())
      expect(remote.code, argv.join(' ')).toBe(local.code)
      expect(remote.code, argv.join(' ')).not.toBe(0)
      if (argv.includes('--by')) expect(remote.stderr).toBe(local.stderr) // "--by: there is no user named …"
    }
  })
})

/** Publishes server.json for this process's fixture server while `run` goes (main finds it). */
async function withServerFile<T>(runIt: () => Promise<T>): Promise<T> {
  writeServerFile(dataDir, client.server)
  const holder = vi.spyOn(process, 'pid', 'get').mockReturnValue(process.pid + 1_000_000)
  try {
    return await runIt()
  } finally {
    holder.mockRestore()
    fs.rmSync(path.join(dataDir, 'server.json'), { force: true })
  }
}

describe('the operator token', () => {
  const request = (token: string, headers: Record<string, string>) =>
    new Request('http://127.0.0.1/api/v1/keys', { headers: { authorization: `Bearer ${token}`, ...headers } })

  it('is accepted from a loopback socket only, never through a proxy, acting as the named user', async () => {
    const token = client.server.token
    expect(principalName(await requireAuth(request(token, { [PEER_ADDRESS_HEADER]: '127.0.0.1' }), 'admin'))).toBe('cli')
    expect(principalName(await requireAuth(request(token, { [PEER_ADDRESS_HEADER]: '::1', [ACTOR_HEADER]: ALICE }), 'admin'))).toBe(ALICE)
    expect(principalName(await requireAuth(request(token, { [PEER_ADDRESS_HEADER]: '::ffff:127.0.0.1' }), 'ingest'))).toBe('cli')
    const refused: Array<Record<string, string>> = [
      { [PEER_ADDRESS_HEADER]: '10.1.2.3' },
      { [PEER_ADDRESS_HEADER]: '192.168.0.7' },
      {}, // not through Oversight's server: no socket address
      { [PEER_ADDRESS_HEADER]: '127.0.0.1', [PEER_FORWARDED_HEADER]: '1' }, // a proxy on this machine passed it on
    ]
    for (const headers of refused) {
      await expect(requireAuth(request(token, headers), 'read'), JSON.stringify(headers)).rejects.toMatchObject({ status: 401 })
    }
    await expect(requireAuth(request(`${token}x`, { [PEER_ADDRESS_HEADER]: '127.0.0.1' }), 'read')).rejects.toMatchObject({ status: 401 })
    await expect(requireAuth(request(token, { [PEER_ADDRESS_HEADER]: '127.0.0.1', [ACTOR_HEADER]: 'nobody' }), 'read')).rejects.toMatchObject({
      status: 400,
      code: 'unknown_actor',
    })
  })

  it('is refused through a proxy, and accepted straight from loopback', async () => {
    // Through a proxy on this machine (it adds a forwarding header), the token is refused.
    for (const header of ['x-forwarded-for', 'forwarded', 'x-real-ip']) {
      const response = await fetch(`${url}/api/v1/keys`, { headers: { authorization: `Bearer ${client.server.token}`, [header]: '10.0.0.8' } })
      expect(response.status, header).toBe(401)
    }
    const direct = await fetch(`${url}/api/v1/keys`, { headers: { authorization: `Bearer ${client.server.token}` } })
    expect(direct.status).toBe(200)
    // From this machine's own non-loopback address (what another host on the network looks like).
    const lan = Object.values(os.networkInterfaces())
      .flat()
      .find((entry) => entry && !entry.internal && entry.family === 'IPv4')
    const port = (server.address() as AddressInfo).port
    const fromLan = lan ? await fetch(`http://${lan.address}:${port}/api/v1/keys`, { headers: { authorization: `Bearer ${client.server.token}` } }) : null
    if (fromLan) expect(fromLan.status).toBe(401)
    else expect(lan).toBeUndefined() // a machine with loopback only: the stamped-address cases above cover it
  })

  it('is refused after a restart (a new token), with an error that says what to do', async () => {
    const before = client
    issueOperatorToken() // what the next start of the server does
    const result = await run(metricsCommand, ['overview', '--json'], { server: before }).catch((error: Error) => error.message)
    expect(result).toMatch(/refused the operator token.*earlier start/)
    client = new ServerClient({ ...before.server, token: issueOperatorToken() })
    expect((await run(metricsCommand, ['overview', '--json'], through())).code).toBe(0)
  })

  it('is found from the data dir only while the process that wrote it holds the data dir', async () => {
    // This process holds the data dir (its stores are open) and wrote no server.json: run in process.
    expect(findRunningServer(dataDir)).toBeNull()
    writeServerFile(dataDir, { ...client.server, pid: process.pid })
    expect(fs.statSync(path.join(dataDir, 'server.json')).mode & 0o777).toBe(0o600)
    expect(readServerFile(dataDir)).toEqual({ ...client.server, pid: process.pid })
    expect(findRunningServer(dataDir)).toBeNull() // its own file: this process is the server
    await withServerFile(async () => expect(findRunningServer(dataDir)?.server.url).toBe(url))
    // A file left by a server that died (its pid no longer holds the lock) is ignored.
    writeServerFile(dataDir, { ...client.server, pid: 999_999_999 })
    expect(findRunningServer(dataDir)).toBeNull()
    removeServerFile(dataDir) // not ours: left alone
    expect(readServerFile(dataDir)).not.toBeNull()
    fs.rmSync(path.join(dataDir, 'server.json'))
  })
})
