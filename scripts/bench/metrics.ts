// SPEC §5 metrics benchmark: the latency of each metric family's service function (what the API
// and the CLI run), next to the same headline figure computed by a textbook scan of the raw tables.
import type { ClickHouse } from '@/lib/clickhouse'
import { resolveFilters } from '@/analytics/shared/window.sql'
import type { MetricFilters } from '@/analytics/shared/filters.schema'
import { METRIC_FAMILIES, METRIC_FAMILY_NAMES, type MetricFamily, type MetricFamilyName } from '@/analytics/families'
import { latencySummary } from './bench-stats'

/** SPEC §5 target for every metrics endpoint. */
export const METRICS_P95_TARGET_MS = 150

export interface MetricBenchOptions {
  families?: readonly MetricFamilyName[]
  /** Timed runs of each service function, after one untimed warm-up run. */
  repeats?: number
  /** Timed runs of each naive scan (they are slow: default 2). */
  naiveRepeats?: number
  /** Filters (default: the 30 days up to the latest prediction, every model). */
  input?: MetricFilters
  now?: number
  log?: (message: string) => void
}

export interface LatencyFigures {
  runs: number
  p50_ms: number | null
  p95_ms: number | null
  max_ms: number | null
}

export interface FamilyBenchResult {
  /** Set when a run failed (e.g. a query over its time budget): the figures are then missing. */
  error?: string
  figure: string
  value: number | null
  service: LatencyFigures
  naive: LatencyFigures & { value: number | null }
  meets_target: boolean
}

async function time(run: () => Promise<number | null>, runs: number): Promise<{ samples: number[]; value: number | null }> {
  const samples: number[] = []
  let value: number | null = null
  for (let i = 0; i < runs; i++) {
    const start = performance.now()
    value = await run()
    samples.push(performance.now() - start)
  }
  return { samples, value }
}

function latency(samples: number[]): LatencyFigures {
  const summary = latencySummary(samples)
  return { runs: samples.length, p50_ms: summary.p50, p95_ms: summary.p95, max_ms: summary.max }
}

/**
 * Times each family's service function `repeats` times (p50/p95 over the runs, one warm-up run
 * first) and the naive scan `naiveRepeats` times, sequentially (one query at a time, as a server
 * request runs), and reports both with the figure each computed.
 */
export async function benchMetricQueries(ch: ClickHouse, options: MetricBenchOptions = {}): Promise<{
  target_p95_ms: number
  input: MetricFilters
  families: Partial<Record<MetricFamilyName, FamilyBenchResult>>
}> {
  const now = options.now ?? Date.now()
  const input = options.input ?? {}
  const repeats = options.repeats ?? 10
  const naiveRepeats = options.naiveRepeats ?? Math.min(2, repeats)
  const filters = await resolveFilters(ch, input, now)
  const families: Partial<Record<MetricFamilyName, FamilyBenchResult>> = {}
  for (const family of options.families ?? METRIC_FAMILY_NAMES) {
    // The bench passes the filters as parsed; each service defaults its own options.
    const { compute, bench } = METRIC_FAMILIES[family] as unknown as MetricFamily
    const runService = async () => bench.value(await compute(ch, input, now))
    let service = { samples: [] as number[], value: null as number | null }
    let naive = { samples: [] as number[], value: null as number | null }
    let error: string | undefined
    try {
      options.log?.(`metrics bench: ${family} service ×${repeats}`)
      await runService()
      service = await time(runService, repeats)
      options.log?.(`metrics bench: ${family} naive scan ×${naiveRepeats}`)
      naive = await time(() => bench.naive(ch, filters), naiveRepeats)
    } catch (caught) {
      error = caught instanceof Error ? caught.message : String(caught)
    }
    const serviceLatency = latency(service.samples)
    families[family] = {
      ...(error ? { error } : {}),
      figure: bench.figure,
      value: service.value,
      service: serviceLatency,
      naive: { ...latency(naive.samples), value: naive.value },
      meets_target: error === undefined && serviceLatency.p95_ms !== null && serviceLatency.p95_ms <= METRICS_P95_TARGET_MS,
    }
  }
  return { target_p95_ms: METRICS_P95_TARGET_MS, input, families }
}
