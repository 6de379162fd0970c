// Test-only: SPEC §3.3 computed the plain way from raw wire events, with none of the production
// query code (no SQL, no facts): what workload.ch.test.ts compares the service with.
import { quantileType7 } from '@/analytics/shared/stats.compute'
import type { Percentiles } from './workload.schema'

export interface WirePrediction {
  type: 'prediction'
  event_id: string
  ts: number
  model: string
  item_id: string
  segment?: string
  model_version?: string
  route: 'auto' | 'review' | 'audit'
  predicted_label: string
  confidence: number
  propensity?: number
}
export interface WireReview {
  type: 'review'
  event_id: string
  ts: number
  model: string
  item_id: string
  reviewer_id: string
  label: string
  queue?: string
  started_at?: number
  duration_ms?: number
}
export type WireEvent = WirePrediction | WireReview

export interface WorkloadReferenceFilters {
  from: number
  to: number
  model?: string
  segment?: string
  model_version?: string
  reviewer_id?: string
  queue?: string
  /** The end of the range, or now. */
  end: number
  slaMinutes: (model: string, queue: string) => number
}

const key = (e: { model: string; item_id: string }) => `${e.model}\u0000${e.item_id}`

/** Every ts in the generated data is distinct: "latest" and "earliest" need no tie-break. */
function latest<E extends { ts: number }>(events: E[], keyOf: (e: E) => string): Map<string, E> {
  const out = new Map<string, E>()
  for (const e of events) if (!out.has(keyOf(e)) || e.ts > out.get(keyOf(e))!.ts) out.set(keyOf(e), e)
  return out
}

const handleOf = (r: WireReview): number | null => r.duration_ms ?? (r.started_at !== undefined ? r.ts - r.started_at : null)
const startOf = (r: WireReview): number => r.started_at ?? (r.duration_ms !== undefined ? r.ts - r.duration_ms : r.ts)

function percentiles(values: number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b)
  return { p50: quantileType7(sorted, 0.5), p90: quantileType7(sorted, 0.9), p99: quantileType7(sorted, 0.99) }
}

interface ItemFigures {
  escalated: number
  reviewed: number
  met: number
  breached: number
  pending: number
  wait_ms: Percentiles
  handle_ms: Percentiles
  /** The values behind them, for the histograms. */
  waits: number[]
  handles: number[]
}

export interface WorkloadReference extends ItemFigures {
  backlog: number
  /** Open items at the end of each UTC hour of [from, end), by the hour's start. */
  hourlyBacklog: Map<number, number>
  queues: Map<string, ItemFigures>
  reviewers: Map<string, { reviews: number; active_hours: number; handle_p50: number | null; handle_p90: number | null }>
}

export function referenceWorkload(events: WireEvent[], f: WorkloadReferenceFilters): WorkloadReference {
  const predictions = latest(events.filter((e): e is WirePrediction => e.type === 'prediction'), key)
  const reviews = events.filter((e): e is WireReview => e.type === 'review')
  const firstReview = new Map<string, WireReview>()
  for (const r of reviews) if (!firstReview.has(key(r)) || r.ts < firstReview.get(key(r))!.ts) firstReview.set(key(r), r)

  const sliced = [...predictions.values()].filter(
    (p) =>
      p.route !== 'auto' &&
      (f.model === undefined || p.model === f.model) &&
      (f.segment === undefined || (p.segment ?? '') === f.segment) &&
      (f.model_version === undefined || (p.model_version ?? '') === f.model_version),
  )
  // An item's queue and reviewer are its first review's: under those filters, reviewed items only.
  const escalated = sliced.filter((p) => {
    const first = firstReview.get(key(p))
    if (f.reviewer_id !== undefined && first?.reviewer_id !== f.reviewer_id) return false
    if (f.queue !== undefined && (first === undefined || (first.queue ?? '') !== f.queue)) return false
    return true
  })

  const figures = (items: WirePrediction[]): ItemFigures => {
    const waits: number[] = []
    const handles: number[] = []
    let met = 0
    let breached = 0
    let pending = 0
    for (const p of items) {
      const first = firstReview.get(key(p))
      const slaMs = f.slaMinutes(p.model, first?.queue ?? '') * 60_000
      if (first) {
        waits.push(startOf(first) - p.ts)
        const handle = handleOf(first)
        if (handle !== null) handles.push(handle)
      }
      const closed = first !== undefined && first.ts < f.end
      if (closed) {
        if (startOf(first) - p.ts <= slaMs) met++
        else breached++
      } else if (f.end - p.ts > slaMs) breached++
      else pending++
    }
    return {
      escalated: items.length,
      reviewed: items.filter((p) => firstReview.has(key(p))).length,
      met,
      breached,
      pending,
      wait_ms: percentiles(waits),
      handle_ms: percentiles(handles),
      waits,
      handles,
    }
  }
  const inRange = escalated.filter((p) => p.ts >= f.from && p.ts < f.to)

  // Open at t: predicted before t and not closed before t (an item closes at its first review, or
  // at its prediction when that review came first).
  const openAt = (t: number) =>
    escalated.filter((p) => {
      const first = firstReview.get(key(p))
      return p.ts < t && (first === undefined || Math.max(first.ts, p.ts) >= t)
    }).length
  const hourlyBacklog = new Map<number, number>()
  for (let hour = Math.floor(f.from / 3_600_000) * 3_600_000; hour < f.end; hour += 3_600_000) {
    hourlyBacklog.set(hour, openAt(Math.min(hour + 3_600_000, f.end)))
  }

  const queues = new Map<string, WirePrediction[]>()
  for (const p of inRange) {
    const name = `${p.model}\t${firstReview.get(key(p))?.queue ?? ''}`
    queues.set(name, [...(queues.get(name) ?? []), p])
  }

  // Per reviewer: counted reviews (each reviewer's latest of an item) in range, of items of the slice whatever their route.
  const allSliceKeys = new Set(
    [...predictions.values()]
      .filter(
        (p) =>
          (f.model === undefined || p.model === f.model) &&
          (f.segment === undefined || (p.segment ?? '') === f.segment) &&
          (f.model_version === undefined || (p.model_version ?? '') === f.model_version),
      )
      .map(key),
  )
  const countedAll = [...latest(reviews, (r) => `${key(r)}\u0000${r.reviewer_id}`).values()].filter(
    (r) =>
      r.ts >= f.from &&
      r.ts < f.to &&
      allSliceKeys.has(key(r)) &&
      (f.reviewer_id === undefined || r.reviewer_id === f.reviewer_id) &&
      (f.queue === undefined || (r.queue ?? '') === f.queue),
  )
  const reviewers = new Map<string, { reviews: number; active_hours: number; handle_p50: number | null; handle_p90: number | null }>()
  for (const id of new Set(countedAll.map((r) => r.reviewer_id))) {
    const own = countedAll.filter((r) => r.reviewer_id === id)
    const handles = own.map(handleOf).filter((h): h is number => h !== null).sort((a, b) => a - b)
    reviewers.set(id, {
      reviews: own.length,
      active_hours: new Set(own.map((r) => Math.floor(r.ts / 3_600_000))).size,
      handle_p50: quantileType7(handles, 0.5),
      handle_p90: quantileType7(handles, 0.9),
    })
  }

  return {
    ...figures(inRange),
    backlog: openAt(f.end),
    hourlyBacklog,
    queues: new Map([...queues].map(([name, items]) => [name, figures(items)])),
    reviewers,
  }
}
