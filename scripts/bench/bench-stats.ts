import { quantileType7 } from '@/analytics/shared/stats.compute'

/** Small helpers for benchmark figures (pure). */

/** p50/p95 of latencies in ms, rounded to 0.1 ms; null for none. */
export function latencySummary(samplesMs: readonly number[]): { p50: number | null; p95: number | null; max: number | null } {
  const sorted = [...samplesMs].sort((a, b) => a - b)
  const round = (value: number | null) => (value === null ? null : Math.round(value * 10) / 10)
  return { p50: round(quantileType7(sorted, 0.5)), p95: round(quantileType7(sorted, 0.95)), max: round(sorted.at(-1) ?? null) }
}

/** Events (or rows) per second, whole numbers; null when nothing was timed. */
export function perSecond(count: number, elapsedMs: number): number | null {
  return elapsedMs > 0 ? Math.round((count / elapsedMs) * 1000) : null
}

/** a / b to 3 decimals; null when either is missing or b is 0. */
export function ratio(a: number | null, b: number | null): number | null {
  return a === null || b === null || b === 0 ? null : Math.round((a / b) * 1000) / 1000
}
