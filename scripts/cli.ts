import { closeClickHouse } from '@/lib/clickhouse'
import { closeDb } from '@/lib/db'
import { StoreLockedError } from '@/lib/data-dir-lock'
import { UsageError, type Command, type CommandContext } from './cli-args'
import { findRunningServer, ServerResponseError } from './server-client'

const usage = async () => `oversight — human-in-the-loop ML oversight

Usage: oversight <command> [options]

Commands:
  migrate                                   apply ClickHouse and relational migrations
  ingest FILE... [--max-rejected N]         load NDJSON, JSON, CSV or Parquet files (optionally .gz)
  seed [--scenario demo] [--days N] [--scale N] [--seed N]
                                            generate realistic demo telemetry
${(await import('./commands/metrics')).metricsUsage()}
${(await import('./commands/metrics')).thresholdUsage('recommendation')}
                                            the recommended threshold (GET /api/v1/thresholds/recommendation)
${(await import('./commands/metrics')).thresholdUsage('what-if')}
                                            the what-if chain at a threshold (GET /api/v1/thresholds/what-if)
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
--by USER as the actor (else "cli"). While the server (npm start) holds the embedded data dir,
ingest, metrics, recommend, whatif, keys and users go through it (found from the data dir's server.json) with the
same output; migrate, seed and bench need the data dir to themselves.`

/** Commands that go through the running server when it holds the data dir (SPEC §4). */
const THROUGH_SERVER = new Set(['ingest', 'metrics', 'recommend', 'whatif', 'keys', 'users'])

const commands: Record<string, () => Promise<Command>> = {
  migrate: async () => (await import('./commands/migrate')).migrateCommand,
  ingest: async () => (await import('./commands/ingest')).ingestCommand,
  seed: async () => (await import('./commands/seed')).seedCommand,
  metrics: async () => (await import('./commands/metrics')).metricsCommand,
  recommend: async () => (await import('./commands/metrics')).recommendCommand,
  whatif: async () => (await import('./commands/metrics')).whatIfCommand,
  keys: async () => (await import('./commands/keys')).keysCommand,
  users: async () => (await import('./commands/users')).usersCommand,
  bench: async () => (await import('./commands/bench')).benchCommand,
  prepare: async () => (await import('./commands/prepare')).prepareCommand,
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(`${await usage()}\n`)
    return name ? 0 : 2
  }
  const load = Object.hasOwn(commands, name) ? commands[name] : undefined
  if (!load) {
    process.stderr.write(`oversight: unknown command "${name}".\n\n${await usage()}\n`)
    return 2
  }
  try {
    const server = THROUGH_SERVER.has(name) ? findRunningServer() : null
    if (server) process.stderr.write(`oversight ${name}: the server (pid ${server.server.pid}) holds the data dir; going through ${server.server.url}\n`)
    return await runCommand(name, await load(), rest, { server })
  } finally {
    await Promise.allSettled([closeClickHouse(), closeDb()])
  }
}

/** Runs one command; a failure is reported on stderr and becomes the exit code (2 usage, 3 data dir in use, 1 else). */
export async function runCommand(name: string, command: Command, argv: string[], context: CommandContext): Promise<number> {
  try {
    return await command(argv, context)
  } catch (error) {
    if (error instanceof UsageError || (error instanceof ServerResponseError && error.status === 400)) {
      // The server names an unknown --by user by its header, as in process by the flag.
      const message = error instanceof ServerResponseError && error.code === 'unknown_actor' ? `--by: ${error.message}` : error.message
      process.stderr.write(`oversight ${name}: ${message}\nRun "oversight help" for usage.\n`)
      return 2
    }
    if (error instanceof StoreLockedError) {
      process.stderr.write(`oversight ${name}: ${error.message}\n`)
      return 3
    }
    process.stderr.write(`oversight ${name}: ${error instanceof Error ? error.message : String(error)}\n`)
    return 1
  }
}
