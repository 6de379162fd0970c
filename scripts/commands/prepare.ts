import { getEnv } from '@/lib/env'
import { getDb } from '@/lib/db'
import { ensureAdmin } from '@/lib/auth/bootstrap'
import { migrateClickHouse } from '@/db/clickhouse/migrate'
import { getClickHouse } from '@/lib/clickhouse'
import { prepareFacts } from '@/analytics/facts/facts'
import { DEFAULT_SEED_OPTIONS, isStoreEmpty, seedDemo } from './seed'
import { parseCommandArgs, type Command } from '../cli-args'

/** Demo size overrides for quick starts (end-to-end tests use a small demo). */
function demoOptions() {
  const days = Number(process.env.OVERSIGHT_DEMO_DAYS || DEFAULT_SEED_OPTIONS.days)
  const scale = Number(process.env.OVERSIGHT_DEMO_SCALE || DEFAULT_SEED_OPTIONS.scale)
  return { ...DEFAULT_SEED_OPTIONS, days, scale }
}

/**
 * `oversight prepare` (run by `npm start` before the server): migrates both stores, seeds the demo
 * into an empty store unless OVERSIGHT_DEMO=off, brings the metrics facts up to date, and creates
 * the first admin.
 */
export const prepareCommand: Command = async (argv) => {
  parseCommandArgs(argv, {})
  const env = getEnv()
  await migrateClickHouse()
  if (env.demo && (await isStoreEmpty())) {
    process.stderr.write('Empty data dir: seeding the demo scenario (set OVERSIGHT_DEMO=off to start empty)…\n')
    const result = await seedDemo(demoOptions())
    process.stderr.write(`Seeded ${result.accepted.toLocaleString('en-US')} demo events in ${result.seconds.toFixed(1)} s.\n`)
  }
  await prepareFacts(getClickHouse(), (line) => process.stderr.write(`${line}\n`))
  const db = await getDb()
  const loginUrl = `http://localhost:${process.env.PORT || 3000}/login`
  const created = await ensureAdmin(db, { adminPassword: env.adminPassword, loginUrl, log: (line: string) => process.stderr.write(`${line}\n`) })
  if (!created) {
    process.stderr.write(
      `Sign in at ${loginUrl} with your account (the first admin is "admin", with the password printed at the first start or OVERSIGHT_ADMIN_PASSWORD).\n`,
    )
  }
  return 0
}
