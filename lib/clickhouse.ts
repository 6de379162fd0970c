import { createClient, type ClickHouseClient, type ClickHouseClientConfigOptions, type ClickHouseSettings } from '@clickhouse/client'
import type { z } from 'zod'
import { getEnv } from './env'
import { lockDataDir, prepareStoreDir, StoreLockedError, unlockDataDir } from './data-dir-lock'
import { Readable } from 'node:stream'
import { finished } from 'node:stream/promises'
import { createRequire } from 'node:module'

export type ClickHouse = ClickHouseClient

/** Per-query limit; a metrics query over 10M rows takes well under a second. */
export const QUERY_TIMEOUT_MS = 30_000

const BASE_SETTINGS: ClickHouseSettings = {
  // Counts come back as JSON numbers; every count here is far below 2^53.
  output_format_json_quote_64bit_integers: 0,
  date_time_input_format: 'best_effort',
}

/** The store cannot be reached (server down, data dir held by another process). Maps to 503. */
export class StoreUnavailableError extends Error {
  readonly code = 'store_unavailable'
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
  }
}

/** A query exceeded its memory or time budget. Maps to 422. */
export class QueryTooExpensiveError extends Error {
  readonly code = 'query_too_expensive'
}

interface ClickHouseHolder {
  client?: ClickHouseClient
  dataDir?: string
}
// One client per process that survives Next's dev reloads (module state does not).
const holder = globalThis as unknown as { __oversightClickHouse?: ClickHouseHolder }

function embeddedConnection(dataDir: string): NonNullable<ClickHouseClientConfigOptions['connection']> {
  // Loaded at run time so that builds and server-mode processes never open libchdb.
  const require = createRequire(import.meta.url)
  const { createChdbConnection } = require('chdb/connection') as typeof import('chdb/connection')
  // chdb types its connection against @clickhouse/client-common 1.23.0; @clickhouse/client 1.23.1
  // bundles its own copy of the same interface.
  return createChdbConnection({ path: prepareStoreDir(dataDir, 'clickhouse') }) as unknown as NonNullable<
    ClickHouseClientConfigOptions['connection']
  >
}

/** True when telemetry lives in embedded chDB (no CLICKHOUSE_URL). */
export function isEmbeddedClickHouse(): boolean {
  return getEnv().clickhouseUrl === undefined
}

/** The process's ClickHouse client, created on first use (never at import time: `next build` imports routes). */
export function getClickHouse(): ClickHouseClient {
  const state = (holder.__oversightClickHouse ??= {})
  if (state.client) return state.client
  const env = getEnv()
  if (env.clickhouseUrl) {
    state.client = createClient({
      url: env.clickhouseUrl,
      username: env.clickhouseUser,
      password: env.clickhousePassword,
      database: env.clickhouseDatabase,
      request_timeout: QUERY_TIMEOUT_MS,
      clickhouse_settings: BASE_SETTINGS,
    })
    return state.client
  }
  lockDataDir(env.dataDir)
  try {
    // Embedded chDB has one database per data dir: tables live in `default`.
    state.client = createClient({ connection: embeddedConnection(env.dataDir), clickhouse_settings: BASE_SETTINGS })
    state.dataDir = env.dataDir
  } catch (error) {
    unlockDataDir(env.dataDir)
    if (error instanceof Error && /Cannot lock file|Another server instance|CHDB_CONNECTION/.test(`${error.message} ${(error as { code?: string }).code}`)) {
      throw new StoreLockedError(env.dataDir)
    }
    throw error
  }
  return state.client
}

/** Closes the client (on shutdown, and between CLI commands). */
export async function closeClickHouse(): Promise<void> {
  const state = holder.__oversightClickHouse
  if (!state?.client) return
  const { client, dataDir } = state
  state.client = undefined
  state.dataDir = undefined
  await client.close()
  if (dataDir) unlockDataDir(dataDir)
}

const UNAVAILABLE = /ECONNREFUSED|ECONNRESET|ENOTFOUND|EHOSTUNREACH|socket hang up|Timeout error|ETIMEDOUT/i
const TOO_EXPENSIVE = /MEMORY_LIMIT_EXCEEDED|TIMEOUT_EXCEEDED|TOO_MANY_ROWS|Memory limit/i

/** Turns driver errors into the errors the API maps to statuses. */
export function classifyClickHouseError(error: unknown, tag: string): Error {
  if (error instanceof StoreLockedError || error instanceof StoreUnavailableError) return error
  const message = error instanceof Error ? error.message : String(error)
  if (UNAVAILABLE.test(message) || (error as { code?: string })?.code === 'ECONNREFUSED') {
    return new StoreUnavailableError(`ClickHouse is unavailable (${tag}): ${message}`, { cause: error })
  }
  if (TOO_EXPENSIVE.test(message)) return new QueryTooExpensiveError(`${tag}: ${message}`, { cause: error })
  return new Error(`ClickHouse query ${tag} failed: ${message}`, { cause: error })
}

export interface QueryRowsOptions<S extends z.ZodType> {
  query: string
  params?: Record<string, unknown>
  schema: S
  /** Names the query in logs and `system.query_log` (log_comment). */
  tag: string
  /**
   * Beware: embedded chDB applies settings as `SET` in its one session, so a setting stays in force
   * for every later query that does not set it again. Only settings every caller of that kind sets
   * (timeouts, log_comment) are safe here; write the rest into the SQL (e.g. `grouping()` rather
   * than group_by_use_nulls).
   */
  settings?: ClickHouseSettings
}

/** The one way to read from ClickHouse: bound parameters, a tag, a timeout and zod-parsed rows. */
export async function queryRows<S extends z.ZodType>(ch: ClickHouseClient, options: QueryRowsOptions<S>): Promise<z.infer<S>[]> {
  let raw: unknown[]
  try {
    const result = await ch.query({
      query: options.query,
      query_params: options.params,
      format: 'JSONEachRow',
      clickhouse_settings: { log_comment: options.tag, max_execution_time: QUERY_TIMEOUT_MS / 1000, ...options.settings },
    })
    raw = await result.json()
  } catch (error) {
    throw classifyClickHouseError(error, options.tag)
  }
  return raw.map((row, index) => {
    const parsed = options.schema.safeParse(row)
    if (!parsed.success) {
      throw new Error(`ClickHouse query ${options.tag} returned an unexpected row ${index}: ${parsed.error.message}`)
    }
    return parsed.data
  })
}

/** Runs a statement that returns no rows (DDL, INSERT ... SELECT). */
export async function runCommand(ch: ClickHouseClient, query: string, tag: string, params?: Record<string, unknown>, settings?: ClickHouseSettings): Promise<void> {
  try {
    await ch.command({ query, query_params: params, clickhouse_settings: { log_comment: tag, ...settings } })
  } catch (error) {
    throw classifyClickHouseError(error, tag)
  }
}

/**
 * Inserts rows (objects with the same keys) as JSONCompactEachRow with an explicit column list:
 * chDB parses it 4–7× faster than JSONEachRow, whose per-field name matching dominates an insert.
 * Embedded, the body goes through chDB's raw insert (`INSERT ... SETTINGS ... FORMAT` and the bytes)
 * rather than `exec`, which appends it to the SQL text after `SET` statements for the settings:
 * ~20 % less engine CPU per 5,000-event batch (measured).
 */
export async function insertRows(ch: ClickHouseClient, table: string, values: readonly object[], tag: string): Promise<void> {
  if (values.length === 0) return
  const columns = Object.keys(values[0])
  // Joined at the end: a flat string converts to bytes ~2× faster than one built by `+=` (a rope).
  const lines: string[] = []
  for (const row of values) {
    const record = row as Record<string, unknown>
    lines.push(JSON.stringify(columns.map((column) => record[column] ?? null)))
  }
  lines.push('')
  const body = lines.join('\n')
  // chDB's raw insert, from the `.chdb` extension of an embedded client's connection (none for a server).
  type RawInsert = (params: { table: string; columns: string[]; format: 'JSONCompactEachRow'; values: string; settings: Record<string, string | number | boolean> }) => Promise<unknown>
  const chdb = (ch as unknown as { connection?: { chdb?: { rawInsert?: RawInsert } } }).connection?.chdb
  try {
    if (typeof chdb?.rawInsert === 'function') {
      // The client's own settings (BASE_SETTINGS) and the tag, as `exec` sends them.
      const settings: Record<string, string | number | boolean> = {}
      for (const [name, value] of Object.entries(BASE_SETTINGS)) {
        if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') settings[name] = value
      }
      settings.log_comment = tag
      await chdb.rawInsert({ table, columns, format: 'JSONCompactEachRow', values: body, settings })
      return
    }
    const result = await ch.exec({
      query: `INSERT INTO ${table} (${columns.join(', ')}) FORMAT JSONCompactEachRow`,
      values: Readable.from([body]),
      clickhouse_settings: { log_comment: tag },
    })
    // Drain the (empty) response so that an HTTP connection is released.
    result.stream.resume()
    await finished(result.stream).catch(() => undefined)
  } catch (error) {
    throw classifyClickHouseError(error, tag)
  }
}
