import { closeClickHouse, getClickHouse } from '@/lib/clickhouse'
import { closeDb } from '@/lib/db'
import { getEnv } from '@/lib/env'
import { holdsDataDirLock } from '@/lib/data-dir-lock'
import { ensureAdminOnce } from '@/lib/auth/bootstrap'
import { issueOperatorToken, removeServerFile, revokeOperatorToken, writeServerFile } from '@/lib/auth/operator-token'
import { migrateClickHouse } from '@/db/clickhouse/migrate'
import { prepareFacts } from '@/analytics/facts/facts'

/** Set by scripts/serve.mjs: the server's address as seen from this machine's loopback. */
const SERVER_URL_ENV = 'OVERSIGHT_SERVER_URL'

/**
 * Server start: migrate both stores, make sure an admin exists, start bringing the metrics facts up
 * to date, let the CLI in (server.json), and close the stores on shutdown.
 */
export async function startServer(): Promise<void> {
  try {
    await migrateClickHouse(getClickHouse())
    // Opens (and migrates) the relational store too.
    await ensureAdminOnce()
    // In the background: after an upgrade that rebuilds the facts (~1.5 minutes per 10M events), the
    // server answers health checks meanwhile and metric requests wait for it instead of redoing it.
    void prepareFacts(getClickHouse(), (line) => console.log(`[oversight] ${line}`)).catch((error: unknown) =>
      console.error(`[oversight] the metrics facts could not be refreshed at start: ${error instanceof Error ? error.message : String(error)}`),
    )
  } catch (error) {
    // The server still starts: requests answer 503 until the store is reachable.
    console.error(`[oversight] store setup failed at start: ${error instanceof Error ? error.message : String(error)}`)
  }
  const stopCliAccess = openCliAccess()
  let closing = false
  const shutdown = (signal: NodeJS.Signals) => {
    if (closing) return
    closing = true
    stopCliAccess()
    void Promise.allSettled([closeClickHouse(), closeDb()]).finally(() => process.exit(signal === 'SIGINT' ? 130 : 0))
  }
  process.once('SIGTERM', shutdown)
  process.once('SIGINT', shutdown)
}

/**
 * While this server holds the embedded data dir, the CLI cannot open it: publish server.json (a
 * fresh operator token, lib/auth/operator-token.ts) so its commands come through the HTTP API.
 * Returns what withdraws it, also run on any exit.
 */
function openCliAccess(): () => void {
  const { dataDir } = getEnv()
  const url = process.env[SERVER_URL_ENV]
  if (!url || !holdsDataDirLock(dataDir)) return () => undefined
  writeServerFile(dataDir, { url, token: issueOperatorToken(), pid: process.pid, started_at: new Date().toISOString() })
  const withdraw = () => {
    revokeOperatorToken()
    removeServerFile(dataDir)
  }
  process.once('exit', withdraw)
  return withdraw
}
