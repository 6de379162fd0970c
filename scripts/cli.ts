import { closeClickHouse } from '@/lib/clickhouse'
import { closeDb } from '@/lib/db'
import { StoreLockedError } from '@/lib/data-dir-lock'
import { UsageError, type Command } from './cli-args'

const USAGE = `oversight — human-in-the-loop ML oversight

Usage: oversight <command> [options]

Commands:
  migrate                                   apply ClickHouse and relational migrations
  ingest FILE... [--max-rejected N]         load NDJSON, JSON, CSV or Parquet files (optionally .gz)
  seed [--scenario demo] [--days N] [--scale N] [--seed N]
                                            generate realistic demo telemetry
  metrics overview|agreement|calibration [--model M] [--segment S] [--model-version V]
          [--from T] [--to T] [--bins N] [--strategy uniform|quantile] [--group-by model_version|segment] --json
  keys create --scope ingest|read|admin [--name NAME] [--by USER]    print a new API key once
  keys list [--json]                        list API keys (never the keys themselves)
  keys revoke ID [--by USER]                revoke an API key
  users create NAME --role viewer|lead|ml|compliance|admin [--password P] [--by USER]
  users list [--json]
  users passwd NAME [--password P] [--by USER]
                                            set a user's password (signs them out everywhere)
  users set-role NAME --role ROLE [--by USER]
  users disable NAME [--by USER]            disable a user (signs them out); users enable NAME
  bench [--only ingest,metrics] [--events N] [--predictions N] [--reviews M] [--repeats R]
                                            benchmarks, printed as JSON (see README)

Configuration comes from the environment: OVERSIGHT_DATA_DIR (default ./data), CLICKHOUSE_URL,
DATABASE_URL and others (see README). Key and user changes are recorded in the change log with
--by USER as the actor (else "cli"). While the server runs on the embedded stores, use the HTTP
API or the Settings page instead of commands that open the data dir.`

const commands: Record<string, () => Promise<Command>> = {
  migrate: async () => (await import('./commands/migrate')).migrateCommand,
  ingest: async () => (await import('./commands/ingest')).ingestCommand,
  seed: async () => (await import('./commands/seed')).seedCommand,
  metrics: async () => (await import('./commands/metrics')).metricsCommand,
  keys: async () => (await import('./commands/keys')).keysCommand,
  users: async () => (await import('./commands/users')).usersCommand,
  bench: async () => (await import('./commands/bench')).benchCommand,
  prepare: async () => (await import('./commands/prepare')).prepareCommand,
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(`${USAGE}\n`)
    return name ? 0 : 2
  }
  const load = commands[name]
  if (!load) {
    process.stderr.write(`oversight: unknown command "${name}".\n\n${USAGE}\n`)
    return 2
  }
  try {
    return await (await load())(rest)
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`oversight ${name}: ${error.message}\nRun "oversight help" for usage.\n`)
      return 2
    }
    if (error instanceof StoreLockedError) {
      process.stderr.write(`oversight ${name}: ${error.message}\n`)
      return 3
    }
    process.stderr.write(`oversight ${name}: ${error instanceof Error ? error.message : String(error)}\n`)
    return 1
  } finally {
    await Promise.allSettled([closeClickHouse(), closeDb()])
  }
}
