import { getDb, migrateRelational } from '@/lib/db'
import { migrateClickHouse } from '@/db/clickhouse/migrate'
import { getClickHouse } from '@/lib/clickhouse'
import { prepareFacts } from '@/analytics/facts/facts'
import { parseCommandArgs, printJson, type Command } from '../cli-args'

/** `oversight migrate`: applies pending ClickHouse and relational migrations, then brings the metrics facts up to date. */
export const migrateCommand: Command = async (argv) => {
  parseCommandArgs(argv, {})
  const clickhouse = await migrateClickHouse()
  await prepareFacts(getClickHouse(), (line) => process.stderr.write(`${line}\n`))
  const relational = await migrateRelational(await getDb())
  printJson({ clickhouse, relational })
  return 0
}
