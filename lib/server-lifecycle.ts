import { closeClickHouse, getClickHouse } from './clickhouse'
import { closeDb } from './db'
import { ensureAdminOnce } from './auth/bootstrap'
import { migrateClickHouse } from '@/db/clickhouse/migrate'
import { prepareFacts } from '@/analytics/facts/facts'

/**
 * Server start: migrate both stores, make sure an admin exists, start bringing the metrics facts up
 * to date, and close the stores on shutdown.
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
  let closing = false
  const shutdown = (signal: NodeJS.Signals) => {
    if (closing) return
    closing = true
    void Promise.allSettled([closeClickHouse(), closeDb()]).finally(() => process.exit(signal === 'SIGINT' ? 130 : 0))
  }
  process.once('SIGTERM', shutdown)
  process.once('SIGINT', shutdown)
}
