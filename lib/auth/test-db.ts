import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { closeDb, getDb, type Db } from '@/lib/db'
import { randomBase62 } from './random'

/**
 * A database for one test file: PGlite in a fresh temp data dir, or the PostgreSQL named by
 * DATABASE_URL (getDb picks it up). Names get a per-run suffix and `cleanup` deletes this run's
 * rows, so the suite can run again and again against one PostgreSQL.
 */
export async function openTestDb(label: string) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `oversight-${label}-`))
  process.env.OVERSIGHT_DATA_DIR = dataDir
  const db: Db = await getDb()
  const run = randomBase62(8).toLowerCase()
  const keyIds: number[] = []
  return {
    db,
    /** A username unique to this run, e.g. `alice.x1y2z3w4`. */
    name: (base: string) => `${base}.${run}`,
    /** Remembers an API key id to delete afterwards. */
    trackKey: (id: number) => keyIds.push(id),
    async cleanup() {
      try {
        await db.deleteFrom('users').where('username', 'like', `%.${run}`).execute()
        if (keyIds.length > 0) await db.deleteFrom('api_keys').where('id', 'in', keyIds).execute()
      } finally {
        await closeDb()
        fs.rmSync(dataDir, { recursive: true, force: true })
      }
    },
  }
}
