import fs from 'node:fs'
import path from 'node:path'

/**
 * ClickHouse migrations: `db/clickhouse/NNNN_name.sql`, one tree for single node and cluster.
 * Placeholders: `{{on_cluster}}` and `ENGINE = {{engine:Family}}` or `{{engine:Family(args)}}`. For a
 * cluster the table becomes `<name>_local` on `Replicated<Family>` with a `Distributed` table `<name>`
 * in front, and `DROP TABLE` drops both. `{{engine_local:Family(args)}}` is the same for an engine
 * without a replicated form (EmbeddedRocksDB): `<name>_local` on each node, `<name>` in front.
 */
export interface ClickHouseMigration {
  version: string
  name: string
  statements: string[]
}

export interface RenderTarget {
  cluster?: string
  database: string
}

const MIGRATION_FILE = /^(\d{4})_([a-z0-9_]+)\.sql$/

export function migrationsDir(): string {
  // The SQL files are read at run time from the project; tell Turbopack not to trace the whole tree for it.
  return path.join(/* turbopackIgnore: true */ process.env.OVERSIGHT_ROOT ?? process.cwd(), 'db', 'clickhouse')
}

export function loadMigrations(dir = migrationsDir()): ClickHouseMigration[] {
  return fs
    .readdirSync(dir)
    .filter((file) => MIGRATION_FILE.test(file))
    .sort()
    .map((file) => {
      const [, version, name] = MIGRATION_FILE.exec(file)!
      return { version, name, statements: splitStatements(fs.readFileSync(path.join(dir, file), 'utf8')) }
    })
}

/** Splits a file into statements on `;` at the end of a line, dropping comment-only chunks. */
export function splitStatements(sqlText: string): string[] {
  return sqlText
    .split(/;\s*(?:\n|$)/)
    .map((chunk) =>
      chunk
        .split('\n')
        .filter((line) => !line.trim().startsWith('--'))
        .join('\n')
        .trim(),
    )
    .filter((chunk) => chunk.length > 0)
}

const CREATE_TABLE = /^CREATE TABLE IF NOT EXISTS (\w+)/
const ENGINE_PLACEHOLDER = /ENGINE = \{\{engine(_local)?:(\w+)(?:\(([^)]*)\))?\}\}/
const DROP_TABLE = /^DROP TABLE IF EXISTS (\w+) \{\{on_cluster\}\}$/
/** Statements that act on a table's data (ALTER, TRUNCATE): on a cluster, the local tables. */
const ON_LOCAL_TABLE = /^(ALTER TABLE|TRUNCATE TABLE IF EXISTS) (\w+) \{\{on_cluster\}\}/
const MATERIALIZED_VIEW = /^CREATE MATERIALIZED VIEW IF NOT EXISTS (\w+) \{\{on_cluster\}\} TO (\w+) AS([\s\S]*\bFROM )(\w+)/

/** Renders one statement for a single node (one statement) or a cluster (local + Distributed). */
export function renderStatement(statement: string, target: RenderTarget): string[] {
  if (!target.cluster) {
    return [
      statement.replaceAll(' {{on_cluster}}', '').replace(ENGINE_PLACEHOLDER, (_, _local: string | undefined, family: string, args?: string) => `ENGINE = ${family}${args === undefined ? '' : `(${args})`}`),
    ]
  }
  const onCluster = `ON CLUSTER '${target.cluster}'`
  const onLocal = ON_LOCAL_TABLE.exec(statement)
  if (onLocal) return [statement.replace(ON_LOCAL_TABLE, `$1 $2_local ${onCluster}`)]
  // A view on each shard feeds the local rollup from the local facts.
  const view = MATERIALIZED_VIEW.exec(statement)
  if (view) return [statement.replace(MATERIALIZED_VIEW, `CREATE MATERIALIZED VIEW IF NOT EXISTS $1 ${onCluster} TO $2_local AS$3$4_local`)]
  const dropped = DROP_TABLE.exec(statement)?.[1]
  if (dropped) return [`DROP TABLE IF EXISTS ${dropped} ${onCluster}`, `DROP TABLE IF EXISTS ${dropped}_local ${onCluster}`]
  const table = CREATE_TABLE.exec(statement)?.[1]
  const placeholder = ENGINE_PLACEHOLDER.exec(statement)
  if (!table || !placeholder) return [statement.replaceAll('{{on_cluster}}', onCluster)]
  const [, unreplicated, engine, engineArgs] = placeholder
  const local = `${table}_local`
  const localEngine = unreplicated
    ? `ENGINE = ${engine}${engineArgs === undefined ? '' : `(${engineArgs})`}`
    : `ENGINE = Replicated${engine}('/clickhouse/tables/{shard}/${target.database}/${local}', '{replica}'${engineArgs ? `, ${engineArgs}` : ''})`
  const localStatement = statement
    .replace(CREATE_TABLE, `CREATE TABLE IF NOT EXISTS ${local}`)
    .replaceAll('{{on_cluster}}', onCluster)
    .replace(ENGINE_PLACEHOLDER, localEngine)
  // Shard by item so that every event of an item (prediction, reviews, outcomes) is on one shard.
  const shardKey = /\bitem_id\b/.test(statement) ? 'cityHash64(item_id)' : 'rand()'
  const distributed =
    `CREATE TABLE IF NOT EXISTS ${table} ${onCluster} AS ${local} ` +
    `ENGINE = Distributed('${target.cluster}', '${target.database}', '${local}', ${shardKey})`
  return [localStatement, distributed]
}

export const BOOKKEEPING_TABLE = 'schema_migrations'

export function bookkeepingStatement(target: RenderTarget): string[] {
  return renderStatement(
    `CREATE TABLE IF NOT EXISTS ${BOOKKEEPING_TABLE} {{on_cluster}}
(
    version    String,
    name       String,
    applied_at DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = {{engine:ReplacingMergeTree}}
ORDER BY version`,
    target,
  )
}
