import { getDb, migrateRelational } from '@/lib/db'
import { migrateClickHouse } from '@/db/clickhouse/migrate'
import { parseCommandArgs, printJson, type Command } from '../cli-args'

/** `oversight migrate`: applies pending ClickHouse and relational migrations. */
export const migrateCommand: Command = async (argv) => {
  parseCommandArgs(argv, {})
  const clickhouse = await migrateClickHouse()
  const relational = await migrateRelational(await getDb())
  printJson({ clickhouse, relational })
  return 0
}
