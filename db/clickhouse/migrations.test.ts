import { describe, expect, it } from 'vitest'
import { loadMigrations, renderStatement, splitStatements } from './migrations'

const table = `CREATE TABLE IF NOT EXISTS reviews {{on_cluster}}
(
    item_id String
)
ENGINE = {{engine:ReplacingMergeTree}}
ORDER BY item_id`

describe('ClickHouse migration rendering', () => {
  it('splits statements and drops comments', () => {
    expect(splitStatements('-- a comment\nSELECT 1;\n\n-- x\nSELECT 2;\n')).toEqual(['SELECT 1', 'SELECT 2'])
  })

  it('renders a single-node table without placeholders', () => {
    const [sql] = renderStatement(table, { database: 'default' })
    expect(sql).toContain('CREATE TABLE IF NOT EXISTS reviews\n(')
    expect(sql).toContain('ENGINE = ReplacingMergeTree\n')
    expect(sql).not.toContain('{{')
  })

  it('renders a cluster table as a replicated local table with a Distributed table in front', () => {
    const [local, distributed] = renderStatement(table, { cluster: 'prod', database: 'oversight' })
    expect(local).toContain("CREATE TABLE IF NOT EXISTS reviews_local ON CLUSTER 'prod'")
    expect(local).toContain("ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/oversight/reviews_local', '{replica}')")
    expect(distributed).toBe(
      "CREATE TABLE IF NOT EXISTS reviews ON CLUSTER 'prod' AS reviews_local ENGINE = Distributed('prod', 'oversight', 'reviews_local', cityHash64(item_id))",
    )
  })

  it('passes engine arguments after the replication path, and drops both tables of a cluster', () => {
    const collapsing = table.replace('{{engine:ReplacingMergeTree}}', '{{engine:CollapsingMergeTree(sign)}}')
    expect(renderStatement(collapsing, { database: 'default' })[0]).toContain('ENGINE = CollapsingMergeTree(sign)\n')
    expect(renderStatement(collapsing, { cluster: 'prod', database: 'oversight' })[0]).toContain(
      "ENGINE = ReplicatedCollapsingMergeTree('/clickhouse/tables/{shard}/oversight/reviews_local', '{replica}', sign)",
    )
    expect(renderStatement('DROP TABLE IF EXISTS review_heads {{on_cluster}}', { database: 'default' })).toEqual(['DROP TABLE IF EXISTS review_heads'])
    expect(renderStatement('DROP TABLE IF EXISTS review_heads {{on_cluster}}', { cluster: 'prod', database: 'oversight' })).toEqual([
      "DROP TABLE IF EXISTS review_heads ON CLUSTER 'prod'",
      "DROP TABLE IF EXISTS review_heads_local ON CLUSTER 'prod'",
    ])
  })

  it('points ALTER, TRUNCATE and materialized views of a cluster at the local tables', () => {
    const target = { cluster: 'prod', database: 'oversight' }
    expect(renderStatement('ALTER TABLE item_facts {{on_cluster}} ADD INDEX i x TYPE minmax', target)).toEqual([
      "ALTER TABLE item_facts_local ON CLUSTER 'prod' ADD INDEX i x TYPE minmax",
    ])
    expect(renderStatement('TRUNCATE TABLE IF EXISTS facts_progress {{on_cluster}}', { database: 'default' })).toEqual(['TRUNCATE TABLE IF EXISTS facts_progress'])
    expect(renderStatement('CREATE MATERIALIZED VIEW IF NOT EXISTS v {{on_cluster}} TO daily AS\nSELECT a FROM facts\nGROUP BY a', target)).toEqual([
      "CREATE MATERIALIZED VIEW IF NOT EXISTS v ON CLUSTER 'prod' TO daily_local AS\nSELECT a FROM facts_local\nGROUP BY a",
    ])
  })

  it('renders an engine without a replicated form as a table on each node with a Distributed table in front', () => {
    const ids = 'CREATE TABLE IF NOT EXISTS event_ids {{on_cluster}}\n(\n    event_id String\n)\nENGINE = {{engine_local:EmbeddedRocksDB}}\nPRIMARY KEY event_id'
    expect(renderStatement(ids, { database: 'default' })).toEqual(['CREATE TABLE IF NOT EXISTS event_ids\n(\n    event_id String\n)\nENGINE = EmbeddedRocksDB\nPRIMARY KEY event_id'])
    expect(renderStatement(ids, { cluster: 'prod', database: 'oversight' })).toEqual([
      "CREATE TABLE IF NOT EXISTS event_ids_local ON CLUSTER 'prod'\n(\n    event_id String\n)\nENGINE = EmbeddedRocksDB\nPRIMARY KEY event_id",
      "CREATE TABLE IF NOT EXISTS event_ids ON CLUSTER 'prod' AS event_ids_local ENGINE = Distributed('prod', 'oversight', 'event_ids_local', rand())",
    ])
  })

  it('points every view and ALTER of the cluster tree at tables that the tree creates on each node', () => {
    const target = { cluster: 'prod', database: 'oversight' }
    const rendered = loadMigrations().flatMap((m) => m.statements.flatMap((statement) => renderStatement(statement, target)))
    const created = new Set(rendered.map((sql) => /^CREATE TABLE IF NOT EXISTS (\w+)/.exec(sql)?.[1]).filter((name) => name !== undefined))
    for (const sql of rendered) {
      const view = /^CREATE MATERIALIZED VIEW IF NOT EXISTS \w+ ON CLUSTER 'prod' TO (\w+) AS[\s\S]*\bFROM (\w+)/.exec(sql)
      if (view) {
        expect(created, sql).toContain(view[1])
        expect(created, sql).toContain(view[2])
      }
      const altered = /^ALTER TABLE (\w+) ON CLUSTER/.exec(sql)?.[1]
      if (altered) expect(created, sql).toContain(altered)
    }
  })

  it('loads the migration tree in order with every placeholder resolvable', () => {
    const migrations = loadMigrations()
    expect(migrations[0]).toMatchObject({ version: '0001', name: 'events' })
    for (const m of migrations) {
      for (const statement of m.statements) {
        for (const rendered of renderStatement(statement, { database: 'default' })) expect(rendered).not.toMatch(/\{\{/)
      }
    }
  })
})
