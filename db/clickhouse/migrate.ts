import { z } from 'zod'
import { createClient } from '@clickhouse/client'
import { getEnv } from '@/lib/env'
import { getClickHouse, insertRows, queryRows, runCommand, type ClickHouse } from '@/lib/clickhouse'
import { BOOKKEEPING_TABLE, bookkeepingStatement, loadMigrations, renderStatement, type RenderTarget } from './migrations'

const AppliedRow = z.object({ version: z.string() })

function renderTarget(): RenderTarget {
  const env = getEnv()
  return { cluster: env.clickhouseCluster, database: env.clickhouseUrl ? env.clickhouseDatabase : 'default' }
}

/** A server needs its database before a client bound to it can run anything. */
async function ensureServerDatabase(): Promise<void> {
  const env = getEnv()
  if (!env.clickhouseUrl) return
  const bootstrap = createClient({ url: env.clickhouseUrl, username: env.clickhouseUser, password: env.clickhousePassword })
  try {
    const onCluster = env.clickhouseCluster ? ` ON CLUSTER '${env.clickhouseCluster}'` : ''
    await runCommand(bootstrap, `CREATE DATABASE IF NOT EXISTS ${env.clickhouseDatabase.replace(/[^A-Za-z0-9_]/g, '')}${onCluster}`, 'migrate:database')
  } finally {
    await bootstrap.close()
  }
}

/** Applies pending ClickHouse migrations in order and returns the versions applied. */
export async function migrateClickHouse(ch: ClickHouse = getClickHouse()): Promise<string[]> {
  await ensureServerDatabase()
  const target = renderTarget()
  for (const statement of bookkeepingStatement(target)) await runCommand(ch, statement, 'migrate:bookkeeping')
  const applied = new Set(
    (await queryRows(ch, { query: `SELECT DISTINCT version FROM ${BOOKKEEPING_TABLE}`, schema: AppliedRow, tag: 'migrate:applied' })).map((r) => r.version),
  )
  const done: string[] = []
  for (const migration of loadMigrations()) {
    if (applied.has(migration.version)) continue
    // Statements are idempotent (IF NOT EXISTS), so a migration cut short re-runs safely.
    for (const statement of migration.statements) {
      for (const rendered of renderStatement(statement, target)) {
        await runCommand(ch, rendered, `migrate:${migration.version}`)
      }
    }
    await insertRows(ch, BOOKKEEPING_TABLE, [{ version: migration.version, name: migration.name }], 'migrate:record')
    done.push(`${migration.version}_${migration.name}`)
  }
  return done
}
