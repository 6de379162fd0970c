import { sql } from 'kysely'
import type { Db } from '@/lib/db'
import { getEnv } from '@/lib/env'

/** An arbitrary constant naming "the capacity_entries table" among PostgreSQL advisory locks. */
const CAPACITY_TEST_LOCK = 7_224_301

/**
 * For test files that write capacity settings. The settings are one set for the whole store, so
 * two test files running at once against the same PostgreSQL (DATABASE_URL) would replace each
 * other's entries mid-test. This holds a session advisory lock on one pooled connection until
 * the returned function is called (in afterAll): such files then run one after the other. On
 * PGlite every test file has its own data dir, and its single connection must not be held:
 * nothing to do.
 */
export async function holdCapacityTestLock(db: Db): Promise<() => Promise<void>> {
  if (!getEnv().databaseUrl) return async () => {}
  let release!: () => void
  const released = new Promise<void>((resolve) => (release = resolve))
  let acquired!: () => void
  const locked = new Promise<void>((resolve) => (acquired = resolve))
  const held = db.connection().execute(async (connection) => {
    await sql`select pg_advisory_lock(${CAPACITY_TEST_LOCK})`.execute(connection)
    acquired()
    await released
    await sql`select pg_advisory_unlock(${CAPACITY_TEST_LOCK})`.execute(connection)
  })
  await Promise.race([locked, held])
  return async () => {
    release()
    await held
  }
}
