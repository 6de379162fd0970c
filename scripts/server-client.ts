import { getEnv } from '@/lib/env'
import { dataDirHolder } from '@/lib/data-dir-lock'
import { ACTOR_HEADER, readServerFile, type ServerFile } from '@/lib/auth/operator-token'

/** A non-2xx answer of the running server, in the SPEC §4 error shape. */
export class ServerResponseError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: { issues?: Array<{ path: string; message: string }> },
  ) {
    super(message)
  }

  /** The first issue's path and message, when the server named a parameter or field. */
  get firstIssue(): { path: string; message: string } | undefined {
    return this.details?.issues?.[0]
  }
}

/**
 * The HTTP API of the Oversight server that holds this CLI's data dir (SPEC §4: the CLI beside a
 * running server), called with the operator token it published in server.json.
 */
export class ServerClient {
  constructor(readonly server: ServerFile) {}

  async request(method: 'GET' | 'POST' | 'PATCH', path: string, options: { query?: URLSearchParams; body?: unknown; actor?: string } = {}): Promise<unknown> {
    const url = new URL(path, this.server.url)
    if (options.query) url.search = options.query.toString()
    const headers: Record<string, string> = { authorization: `Bearer ${this.server.token}` }
    if (options.actor !== undefined) headers[ACTOR_HEADER] = options.actor
    let body: string | undefined
    if (options.body !== undefined) {
      headers['content-type'] = 'application/json'
      body = JSON.stringify(options.body)
    }
    let response: Response
    try {
      response = await fetch(url, { method, headers, body })
    } catch (error) {
      const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error)
      throw new Error(
        `the Oversight server (pid ${this.server.pid}) holds the data dir but does not answer at ${this.server.url} (${cause}). ` +
          'If it is still starting, retry in a moment; otherwise stop it and run the command again.',
      )
    }
    const text = await response.text()
    let json: unknown
    try {
      json = text === '' ? null : JSON.parse(text)
    } catch {
      throw new Error(`the Oversight server answered HTTP ${response.status} with a body that is not JSON`)
    }
    if (response.ok) return json
    const error = (json as { error?: { code?: string; message?: string; details?: ServerResponseError['details'] } } | null)?.error
    if (response.status === 401 && error?.code === 'unauthorized') {
      throw new Error(
        `the Oversight server at ${this.server.url} refused the operator token of its server.json (one from an earlier start, ` +
          'or a request that did not come from this machine). Retry; if it persists, stop the server and run the command again.',
      )
    }
    throw new ServerResponseError(response.status, error?.code ?? 'error', error?.message ?? `HTTP ${response.status}`, error?.details)
  }
}

/**
 * The server to send commands to: the one whose server.json is in the data dir and that holds its
 * lock (alive). Null when nothing holds the data dir, or something other than a server does (a
 * seed or migrate: the command then fails with the store's clear "in use" message).
 */
export function findRunningServer(dataDir = getEnv().dataDir): ServerClient | null {
  const server = readServerFile(dataDir)
  if (!server || server.pid === process.pid) return null
  return dataDirHolder(dataDir) === server.pid ? new ServerClient(server) : null
}
