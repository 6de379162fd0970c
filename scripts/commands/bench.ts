import os from 'node:os'
import { parseCommandArgs, printJson, UsageError, type Command } from '../cli-args'
import { runCleanup } from '../bench/cleanup'
import { DEFAULT_BENCH_BATCH_SIZE, DEFAULT_BENCH_CONCURRENCY, DEFAULT_BENCH_EVENTS, runIngestBench } from '../bench/ingest'
import { runIngestProfile } from '../bench/ingest-profile'
import { DEFAULT_METRICS_PREDICTIONS, DEFAULT_METRICS_REVIEWS, runMetricsBench } from '../bench/metrics-run'
import { runSigninFloodBench } from '../bench/signin-flood'

const OPTIONS = {
  only: { type: 'string' },
  events: { type: 'string' },
  concurrency: { type: 'string' },
  'batch-size': { type: 'string' },
  predictions: { type: 'string' },
  reviews: { type: 'string' },
  repeats: { type: 'string' },
} as const

interface BenchArgs {
  events: number
  batchSize: number
  concurrency: number
  predictions: number
  reviews: number
  repeats: number
}

type Log = (message: string) => void

interface Benchmark {
  run: (args: BenchArgs, log: Log) => Promise<unknown>
  /** Run without --only (the SPEC §5 figures); diagnostics run only when named. */
  byDefault: boolean
}

/**
 * The benchmarks of SPEC §5, one file each under scripts/bench/, each a key of the output.
 * Later: `/api/v1/route` (`route`), server memory under load.
 */
const BENCHMARKS: Record<string, Benchmark> = {
  ingest: { run: (args, log) => runIngestBench({ ...args, log }), byDefault: true },
  // Where an ingest request's time goes, stage by stage (in-process, no server).
  ingest_profile: { run: (args, log) => runIngestProfile({ ...args, log }), byDefault: false },
  // Every metrics endpoint's service over 30 days of --predictions/--reviews, next to a naive scan.
  metrics: { run: (args, log) => runMetricsBench({ ...args, log }), byDefault: true },
  // The overview's p95 during a sign-in flood from many addresses, next to its idle p95 (issue 8.4).
  signin_flood: { run: (_args, log) => runSigninFloodBench({ log }), byDefault: true },
}

/** Timed runs of each metrics service (p95 over them). */
const DEFAULT_METRICS_REPEATS = 10

function positiveInteger(flag: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback
  const value = Number(raw.replaceAll('_', ''))
  if (!Number.isInteger(value) || value < 1) throw new UsageError(`--${flag} must be a whole number ≥ 1, got "${raw}"`)
  return value
}

/**
 * `oversight bench [--only ingest,metrics,ingest_profile] [--events N] [--concurrency C] [--batch-size B]
 * [--predictions N] [--reviews M] [--repeats R]`: runs the
 * benchmarks on a temporary data dir (never the configured one) and prints one JSON document.
 * Progress goes to stderr. Needs a production build (`next build`); builds one when missing.
 */
export const benchCommand: Command = async (argv) => {
  const { values, positionals } = parseCommandArgs(argv, OPTIONS)
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`)
  const names = values.only
    ? values.only.split(',').map((name) => name.trim())
    : Object.entries(BENCHMARKS).filter(([, benchmark]) => benchmark.byDefault).map(([name]) => name)
  for (const name of names) {
    if (!(name in BENCHMARKS)) throw new UsageError(`--only: unknown benchmark "${name}" (known: ${Object.keys(BENCHMARKS).join(', ')})`)
  }
  const args: BenchArgs = {
    events: positiveInteger('events', values.events, DEFAULT_BENCH_EVENTS),
    batchSize: positiveInteger('batch-size', values['batch-size'], DEFAULT_BENCH_BATCH_SIZE),
    concurrency: positiveInteger('concurrency', values.concurrency, DEFAULT_BENCH_CONCURRENCY),
    predictions: positiveInteger('predictions', values.predictions, DEFAULT_METRICS_PREDICTIONS),
    reviews: positiveInteger('reviews', values.reviews, DEFAULT_METRICS_REVIEWS),
    repeats: positiveInteger('repeats', values.repeats, DEFAULT_METRICS_REPEATS),
  }
  for (const name of ['CLICKHOUSE_URL', 'DATABASE_URL'] as const) {
    if (process.env[name]) {
      process.stderr.write(`bench: ignoring ${name}: the benchmarks measure the embedded stores on a temporary data dir\n`)
      delete process.env[name]
    }
  }
  const startedAt = new Date().toISOString()
  const results: Record<string, unknown> = {}
  try {
    for (const name of names) {
      const log: Log = (message) => process.stderr.write(`bench ${name}: ${message}\n`)
      results[name] = await BENCHMARKS[name].run(args, log)
    }
  } finally {
    await runCleanup()
  }
  printJson({
    ...results,
    machine: { cpus: os.cpus().length, cpu_model: os.cpus()[0]?.model ?? null, memory_gb: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${process.platform}-${process.arch}` },
    started_at: startedAt,
  })
  return 0
}
