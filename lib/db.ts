import { Kysely, Migrator, PostgresDialect, type Dialect } from 'kysely'
import { getEnv } from './env'
import { lockDataDir, prepareStoreDir, unlockDataDir } from './data-dir-lock'
import type { RelationalDatabase } from '@/db/relational/schema'
import { relationalMigrations } from '@/db/relational/migrations'

export type Db = Kysely<RelationalDatabase>

interface DbHolder {
  db?: Promise<Db>
  dataDir?: string
}
const holder = globalThis as unknown as { __oversightDb?: DbHolder }

async function createDialect(): Promise<{ dialect: Dialect; dataDir?: string }> {
  const env = getEnv()
  if (env.databaseUrl) {
    const { default: pg } = await import('pg')
    return { dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: env.databaseUrl, max: 10 }) }) }
  }
  lockDataDir(env.dataDir)
  try {
    const { PGlite } = await import('@electric-sql/pglite')
    const { PGliteDialect } = await import('kysely-pglite-dialect')
    const pglite = new PGlite(prepareStoreDir(env.dataDir, 'pglite'))
    await pglite.waitReady
    return { dialect: new PGliteDialect(pglite), dataDir: env.dataDir }
  } catch (error) {
    unlockDataDir(env.dataDir)
    throw error
  }
}

/** The relational store (PGlite under the data dir, or PostgreSQL with DATABASE_URL), migrated. */
export function getDb(): Promise<Db> {
  const state = (holder.__oversightDb ??= {})
  if (!state.db) {
    state.db = (async () => {
      const { dialect, dataDir } = await createDialect()
      state.dataDir = dataDir
      const db = new Kysely<RelationalDatabase>({ dialect })
      await migrateRelational(db)
      return db
    })()
    state.db.catch(() => {
      state.db = undefined
    })
  }
  return state.db
}

export async function closeDb(): Promise<void> {
  const state = holder.__oversightDb
  if (!state?.db) return
  const pending = state.db
  const dataDir = state.dataDir
  state.db = undefined
  state.dataDir = undefined
  try {
    await (await pending).destroy()
  } finally {
    if (dataDir) unlockDataDir(dataDir)
  }
}

/** Applies pending relational migrations; Kysely records them in `kysely_migration`. */
export async function migrateRelational(db: Kysely<RelationalDatabase>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => relationalMigrations } })
  const { error, results } = await migrator.migrateToLatest()
  if (error) throw error instanceof Error ? error : new Error(String(error))
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName)
}

/** PGlite returns counts as numbers, pg as strings. */
export function toCount(value: unknown): number {
  return typeof value === 'bigint' ? Number(value) : Number(value ?? 0)
}
