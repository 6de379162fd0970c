import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { z } from 'zod'
import { PRIVATE_FILE_MODE } from '@/lib/data-dir-lock'
import { isLoopbackAddress, PEER_ADDRESS_HEADER, PEER_FORWARDED_HEADER } from '@/lib/net/client-address'

/**
 * The CLI beside a running server (SPEC §4). While `npm start` holds the embedded data dir, the
 * server publishes `<dataDir>/server.json` — its loopback address and a local operator token,
 * owner-only (0600) like the stores beside it, new on every start — and the CLI sends its commands
 * to the HTTP API with that token. Reading the file takes what stopping the server and opening the
 * stores would take (the data dir's owner), so the token grants what the CLI could do in process:
 * every scope, acting as the `--by` user. It is accepted only from a loopback socket and never
 * through a proxy, and it is never logged.
 */
export const SERVER_FILE = 'server.json'
/** Tells an operator token from an API key (`ovs_…`) in the Authorization header. */
export const OPERATOR_TOKEN_PREFIX = 'ovop_'
/** The user a CLI command acts as (`--by USER`); absent, the change log records `cli`. */
export const ACTOR_HEADER = 'x-oversight-actor'

export const ServerFile = z.object({
  url: z.url(),
  token: z.string().startsWith(OPERATOR_TOKEN_PREFIX),
  pid: z.number().int().positive(),
  started_at: z.string(),
})
export type ServerFile = z.infer<typeof ServerFile>

// The digest of this process's token, shared by every module instance in the process (Next
// bundles route handlers apart from instrumentation).
const state = globalThis as unknown as { __oversightOperatorDigest?: Buffer }

const digest = (token: string) => crypto.createHash('sha256').update(token).digest()

/** A fresh token for this process; every earlier one (an earlier start's) stops working. */
export function issueOperatorToken(): string {
  const token = `${OPERATOR_TOKEN_PREFIX}${crypto.randomBytes(32).toString('base64url')}`
  state.__oversightOperatorDigest = digest(token)
  return token
}

/** Stops accepting this process's token (the server is shutting down). */
export function revokeOperatorToken(): void {
  state.__oversightOperatorDigest = undefined
}

export function isOperatorToken(bearer: string): boolean {
  return bearer.startsWith(OPERATOR_TOKEN_PREFIX)
}

/**
 * True when `bearer` is this process's operator token and the request came straight from a
 * loopback socket: the peer address Oversight's server stamps (scripts/peer-address.mjs), and
 * without a proxy's forwarding header on arrival (a proxy on this machine would otherwise make
 * remote clients look local).
 */
export function acceptsOperatorToken(request: Request, bearer: string): boolean {
  const expected = state.__oversightOperatorDigest
  if (!expected || !crypto.timingSafeEqual(digest(bearer), expected)) return false
  const peer = request.headers.get(PEER_ADDRESS_HEADER)
  if (peer === null || !isLoopbackAddress(peer)) return false
  return request.headers.get(PEER_FORWARDED_HEADER) === null
}

/** Writes server.json atomically (a reader never sees half a file), owner-only. */
export function writeServerFile(dataDir: string, info: ServerFile): void {
  const file = path.join(dataDir, SERVER_FILE)
  const temporary = `${file}.${process.pid}.tmp`
  fs.rmSync(temporary, { force: true })
  fs.writeFileSync(temporary, `${JSON.stringify(info, null, 2)}\n`, { flag: 'wx', mode: PRIVATE_FILE_MODE })
  fs.renameSync(temporary, file)
}

/** Removes server.json when this process wrote it (a newer server's file is left alone). */
export function removeServerFile(dataDir: string): void {
  const info = readServerFile(dataDir)
  if (info?.pid === process.pid) fs.rmSync(path.join(dataDir, SERVER_FILE), { force: true })
}

/** server.json as the server wrote it, or null when there is none (or it is not one). */
export function readServerFile(dataDir: string): ServerFile | null {
  let text: string
  try {
    text = fs.readFileSync(path.join(dataDir, SERVER_FILE), 'utf8')
  } catch {
    return null
  }
  try {
    const parsed = ServerFile.safeParse(JSON.parse(text))
    return parsed.success ? parsed.data : null
  } catch {
    return null
  }
}
