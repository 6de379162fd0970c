import { closeClickHouse, getClickHouse } from './clickhouse'
import { closeDb } from './db'
import { ensureAdminOnce } from './auth/bootstrap'
import { migrateClickHouse } from '@/db/clickhouse/migrate'

/** Server start: migrate both stores, make sure an admin exists, and close the stores on shutdown. */
export async function startServer(): Promise<void> {
  try {
    await migrateClickHouse(getClickHouse())
    // Opens (and migrates) the relational store too.
    await ensureAdminOnce()
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
