import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { randomBytes } from 'node:crypto'
import { closeClickHouse, getClickHouse } from '@/lib/clickhouse'
import { closeDb } from '@/lib/db'
import { prepareFacts } from '@/analytics/facts/facts'
import { seedDemo } from '../commands/seed'
import { latencySummary, ratio } from './bench-stats'
import { registerCleanup } from './cleanup'
import { ensureProductionBuild, startServer } from './server'

/** Issue 8.4: the overview p95 during a flood of sign-ins stays within this many times its idle p95. */
export const SIGNIN_FLOOD_TARGET_RATIO = 2
/** Concurrent sign-in attempts in each wave of the flood, as in the probe that found the defect. */
const FLOOD_WAVE = 100
/** A new wave starts every second (or when the last one is answered, if later): 100 attempts/s. */
const WAVE_INTERVAL_MS = 1_000
const FLOOD_PASSWORD = 'x'.repeat(1024)
/** Overview requests timed idle and again during the flood. */
const OVERVIEW_SAMPLES = 40
/** The admin's own address (a trusted proxy forwards for it), so the flood's clients are strangers. */
const ADMIN_ADDRESS = '192.0.2.10'

export interface SigninFloodResult {
  overview_idle_ms: ReturnType<typeof latencySummary>
  overview_during_flood_ms: ReturnType<typeof latencySummary>
  /** During / idle p95. */
  ratio_p95: number | null
  target_ratio: number
  meets_target: boolean
  /** The admin signing in during the flood, from their own address. */
  valid_sign_in_during_flood_ms: number
  flood_attempts: number
  flood_statuses: Record<string, number>
  server_rss_mb_max: number | null
}

/**
 * A sign-in flood from many addresses (forwarded by a trusted proxy, the worst case: no
 * per-address limit applies) while the overview is timed, next to the same overview timed idle
 * on the same server in the same run.
 */
export async function runSigninFloodBench(options: { log: (message: string) => void }): Promise<SigninFloodResult> {
  const { log } = options
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'oversight-bench-'))
  const cleanup = async () => {
    await Promise.allSettled([closeClickHouse(), closeDb()])
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
  const unregister = registerCleanup(cleanup)
  try {
    process.env.OVERSIGHT_DATA_DIR = dataDir
    log(`fresh data dir ${dataDir}: seeding 14 days of the demo at scale 0.2`)
    await seedDemo({ days: 14, scale: 0.2, seed: 42 })
    await prepareFacts(getClickHouse(), () => {})
    await closeClickHouse()
    await closeDb()

    await ensureProductionBuild(log)
    const password = randomBytes(18).toString('base64url')
    const server = await startServer({
      OVERSIGHT_DATA_DIR: dataDir,
      OVERSIGHT_DEMO: 'off',
      OVERSIGHT_ADMIN_PASSWORD: password,
      OVERSIGHT_TRUSTED_PROXIES: '127.0.0.1, ::1',
    })
    try {
      const origin = { origin: server.url, 'content-type': 'application/json' }
      const signIn = (username: string, pw: string, address: string) =>
        fetch(`${server.url}/api/auth/login`, {
          method: 'POST',
          headers: { ...origin, 'x-forwarded-for': address },
          body: JSON.stringify({ username, password: pw }),
        })
      const first = await signIn('admin', password, ADMIN_ADDRESS)
      if (first.status !== 200) throw new Error(`the admin could not sign in (HTTP ${first.status})`)
      const cookie = (first.headers.get('set-cookie') ?? '').split(';')[0]
      const overview = async () => {
        const started = performance.now()
        const response = await fetch(`${server.url}/api/v1/metrics/overview`, { headers: { cookie } })
        await response.arrayBuffer()
        if (response.status !== 200) throw new Error(`overview answered HTTP ${response.status}`)
        return performance.now() - started
      }
      for (let i = 0; i < 5; i++) await overview()
      log(`timing ${OVERVIEW_SAMPLES} overview requests idle`)
      const idle: number[] = []
      for (let i = 0; i < OVERVIEW_SAMPLES; i++) idle.push(await overview())

      log(`flooding: a wave of ${FLOOD_WAVE} concurrent sign-ins a second, random usernames, each from its own address`)
      const statuses: Record<string, number> = {}
      let attempts = 0
      let flooding = true
      let wave = 0
      const flood = (async () => {
        while (flooding) {
          wave++
          const waveStarted = performance.now()
          const results = await Promise.all(
            Array.from({ length: FLOOD_WAVE }, (_, i) =>
              signIn(`flood-${randomBytes(6).toString('hex')}`, FLOOD_PASSWORD, `10.${wave % 250}.${Math.floor(i / 250)}.${i % 250}`)
                .then(async (r) => {
                  await r.arrayBuffer()
                  return String(r.status)
                })
                .catch(() => 'error'),
            ),
          )
          for (const status of results) statuses[status] = (statuses[status] ?? 0) + 1
          attempts += results.length
          const rest = WAVE_INTERVAL_MS - (performance.now() - waveStarted)
          if (rest > 0 && flooding) await new Promise((resolve) => setTimeout(resolve, rest))
        }
      })()
      let rssMax = server.rssMb()
      const during: number[] = []
      await new Promise((resolve) => setTimeout(resolve, 300))
      const validStarted = performance.now()
      const valid = await signIn('admin', password, ADMIN_ADDRESS)
      const validMs = performance.now() - validStarted
      if (valid.status !== 200) log(`warning: the admin's sign-in during the flood answered HTTP ${valid.status}`)
      for (let i = 0; i < OVERVIEW_SAMPLES; i++) {
        during.push(await overview())
        const rss = server.rssMb()
        if (rss !== null) rssMax = Math.max(rssMax ?? 0, rss)
      }
      flooding = false
      await flood

      const idleSummary = latencySummary(idle)
      const duringSummary = latencySummary(during)
      const toIdle = ratio(duringSummary.p95, idleSummary.p95)
      return {
        overview_idle_ms: idleSummary,
        overview_during_flood_ms: duringSummary,
        ratio_p95: toIdle,
        target_ratio: SIGNIN_FLOOD_TARGET_RATIO,
        meets_target: toIdle !== null && toIdle <= SIGNIN_FLOOD_TARGET_RATIO,
        valid_sign_in_during_flood_ms: Math.round(validMs),
        flood_attempts: attempts,
        flood_statuses: statuses,
        server_rss_mb_max: rssMax,
      }
    } finally {
      log('stopping the server')
      await server.stop()
    }
  } finally {
    unregister()
    await cleanup()
  }
}
