// SPEC §5 metrics benchmark: the latency of each metric family's service function (what the API
// and the CLI run), next to the same headline figure computed by a textbook scan of the raw tables.
import type { ClickHouse } from '@/lib/clickhouse'
import { resolveFilters } from '@/analytics/shared/window.sql'
import type { MetricFilters, ResolvedFilters } from '@/analytics/shared/filters.schema'
import { getOverview } from '@/analytics/overview/overview'
import { getAgreement } from '@/analytics/agreement/agreement'
import { getCalibration } from '@/analytics/calibration/calibration'
import { latencySummary } from './bench-stats'
import { fetchNaiveAgreementRate, fetchNaiveEce, fetchNaivePredictions } from './metrics-naive.sql'

export const METRIC_FAMILIES = ['overview', 'agreement', 'calibration'] as const
export type MetricFamily = (typeof METRIC_FAMILIES)[number]

/** SPEC §5 target for every metrics endpoint. */
export const METRICS_P95_TARGET_MS = 150

interface FamilyBench {
  /** The service call; returns the headline figure it reports. */
  service: (ch: ClickHouse, input: MetricFilters, now: number) => Promise<number | null>
  /** The same figure by a textbook scan of the raw tables. */
  naive: (ch: ClickHouse, filters: ResolvedFilters, now: number) => Promise<number | null>
  figure: string
}

const BENCHES: Record<MetricFamily, FamilyBench> = {
  overview: {
    figure: 'predictions',
    service: async (ch, input, now) => (await getOverview(ch, input, now)).predictions,
    naive: async (ch, filters, now) => (await fetchNaivePredictions(ch, filters, now))[0]?.value ?? null,
  },
  agreement: {
    figure: 'agreement_rate',
    service: async (ch, input, now) => (await getAgreement(ch, input, now)).agreement_rate,
    naive: async (ch, filters, now) => (await fetchNaiveAgreementRate(ch, filters, now))[0]?.value ?? null,
  },
  calibration: {
    figure: 'ece (10 equal-width bins)',
    service: async (ch, input, now) => (await getCalibration(ch, input, now)).ece,
    naive: async (ch, filters, now) => (await fetchNaiveEce(ch, filters, now))[0]?.value ?? null,
  },
}

export interface MetricBenchOptions {
  families?: readonly MetricFamily[]
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
  families: Partial<Record<MetricFamily, FamilyBenchResult>>
}> {
  const now = options.now ?? Date.now()
  const input = options.input ?? {}
  const repeats = options.repeats ?? 10
  const naiveRepeats = options.naiveRepeats ?? Math.min(2, repeats)
  const filters = await resolveFilters(ch, input, now)
  const families: Partial<Record<MetricFamily, FamilyBenchResult>> = {}
  for (const family of options.families ?? METRIC_FAMILIES) {
    const bench = BENCHES[family]
    let service = { samples: [] as number[], value: null as number | null }
    let naive = { samples: [] as number[], value: null as number | null }
    let error: string | undefined
    try {
      options.log?.(`metrics bench: ${family} service ×${repeats}`)
      await bench.service(ch, input, now)
      service = await time(() => bench.service(ch, input, now), repeats)
      options.log?.(`metrics bench: ${family} naive scan ×${naiveRepeats}`)
      naive = await time(() => bench.naive(ch, filters, now), naiveRepeats)
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
