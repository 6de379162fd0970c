import path from 'node:path'

/** Configuration read from the environment. Read at call time so tests and the CLI can set it first. */
export interface OversightEnv {
  dataDir: string
  clickhouseUrl: string | undefined
  clickhouseUser: string
  clickhousePassword: string
  clickhouseDatabase: string
  clickhouseCluster: string | undefined
  databaseUrl: string | undefined
  adminPassword: string | undefined
  demo: boolean
  sessionTtlHours: number
  maxBodyBytes: number
  maxEventsPerRequest: number
  /** OVERSIGHT_TRUSTED_PROXIES: reverse proxies whose X-Forwarded-For is believed (lib/net/client-address.ts). */
  trustedProxies: string | undefined
}

/** Default request body limit for POST /api/v1/events: 10 MiB (about 40,000 typical events). */
export const DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024
/**
 * Default events limit of one POST /api/v1/events body (413 above). The byte limit alone does not
 * bound a request's memory: 10 MiB of `{}` lines are 3.5M events. 50,000 is more than 10 MiB of
 * typical events (~250-300 bytes each) hold, so no ordinary batch meets it, and it keeps one
 * request's events to ~50 MB (measured: ~0.6 KB each decoded and validated, ~0.3 KB more as the
 * rows' JSON for the insert), a few requests in parallel well inside SPEC §5's 1.5 GB.
 */
export const DEFAULT_MAX_EVENTS_PER_REQUEST = 50_000
const DEFAULT_SESSION_TTL_HOURS = 12

function positiveNumber(name: string, fallback: number): number {
  const raw = process.env[name]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(`${name} must be a positive number, got "${raw}"`)
  }
  return value
}

function optional(name: string): string | undefined {
  const raw = process.env[name]
  return raw === undefined || raw === '' ? undefined : raw
}

export function getEnv(): OversightEnv {
  return {
    dataDir: path.resolve(/* turbopackIgnore: true */ process.env.OVERSIGHT_DATA_DIR || './data'),
    clickhouseUrl: optional('CLICKHOUSE_URL'),
    clickhouseUser: process.env.CLICKHOUSE_USER || 'default',
    clickhousePassword: process.env.CLICKHOUSE_PASSWORD || '',
    clickhouseDatabase: process.env.CLICKHOUSE_DATABASE || 'oversight',
    clickhouseCluster: optional('CLICKHOUSE_CLUSTER'),
    databaseUrl: optional('DATABASE_URL'),
    adminPassword: optional('OVERSIGHT_ADMIN_PASSWORD'),
    demo: (process.env.OVERSIGHT_DEMO || 'on').toLowerCase() !== 'off',
    sessionTtlHours: positiveNumber('OVERSIGHT_SESSION_TTL_HOURS', DEFAULT_SESSION_TTL_HOURS),
    maxBodyBytes: positiveNumber('OVERSIGHT_MAX_BODY_BYTES', DEFAULT_MAX_BODY_BYTES),
    maxEventsPerRequest: Math.max(1, Math.floor(positiveNumber('OVERSIGHT_MAX_EVENTS_PER_REQUEST', DEFAULT_MAX_EVENTS_PER_REQUEST))),
    trustedProxies: optional('OVERSIGHT_TRUSTED_PROXIES'),
  }
}
