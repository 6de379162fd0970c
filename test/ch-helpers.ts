import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { closeClickHouse, getClickHouse, type ClickHouse } from '@/lib/clickhouse'
import { closeDb } from '@/lib/db'
import { migrateClickHouse } from '@/db/clickhouse/migrate'
import { validateEvent } from '@/analytics/events/events.parse'
import { insertEvents } from '@/analytics/events/events.sql'

/**
 * Points this test process at a fresh data dir (chDB binds one per process, so each test file
 * runs in its own fork) and migrates ClickHouse. Call in beforeAll; `cleanup` in afterAll.
 */
export async function useTempStores(prefix: string): Promise<{ ch: ClickHouse; dataDir: string; cleanup: () => Promise<void> }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `oversight-${prefix}-`))
  process.env.OVERSIGHT_DATA_DIR = dataDir
  delete process.env.CLICKHOUSE_URL
  const ch = getClickHouse()
  await migrateClickHouse(ch)
  return {
    ch,
    dataDir,
    cleanup: async () => {
      await closeClickHouse()
      await closeDb()
      fs.rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/** Validates wire-format events as the API does (a test fails on an invalid one) and stores them through the ingest path. */
export async function ingestForTest(ch: ClickHouse, events: readonly object[]) {
  const stored = events.map((e) => {
    const result = validateEvent(e)
    if ('error' in result) throw new Error(`invalid test event ${JSON.stringify(e)}: ${result.error}`)
    return result.event
  })
  return insertEvents(ch, stored)
}
