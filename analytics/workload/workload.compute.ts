// Workload (SPEC §3.3) from the SQL side's rows: pure assembly, tested without a database.
import { echoFilters } from '@/analytics/shared/echoed-filters'
import type { ResolvedFilters } from '@/analytics/shared/filters.schema'
import { ratio } from '@/analytics/shared/stats.compute'
import { daysInRange, isoDate, MS_PER_HOUR } from '@/analytics/shared/time'
import { DEFAULT_SLA_MINUTES } from './staffing.compute'
import type {
  HourFlowRow,
  ItemGroupRow,
  Percentiles,
  ReviewerHandleRow,
  ReviewerLoadRow,
  WorkloadDay,
  WorkloadHour,
  WorkloadQueue,
  WorkloadResponse,
  WorkloadReviewer,
} from './workload.schema'

/** An SLA setting: for a queue ("" for every queue), optionally one model. */
export interface SlaEntry {
  queue: string
  model?: string | null
  sla_minutes: number
}

/** The SLA lookup the SQL binds: (model⇥queue), queue and model keys with their SLA in ms, and the default. */
export interface SlaLookup {
  modelQueue: Array<[string, number]>
  queue: Array<[string, number]>
  model: Array<[string, number]>
  defaultMs: number
}

const MS_PER_MINUTE = 60_000

/**
 * The lookup of SPEC §3.3's capacity entries: an item's SLA is that of the entry for its queue and
 * model, else its queue (any model), else "" with its model, else "" (or 240 min without one).
 */
export function slaLookup(entries: readonly SlaEntry[]): SlaLookup {
  const lookup: SlaLookup = { modelQueue: [], queue: [], model: [], defaultMs: DEFAULT_SLA_MINUTES * MS_PER_MINUTE }
  for (const entry of entries) {
    const ms = Math.round(entry.sla_minutes * MS_PER_MINUTE)
    const model = entry.model ?? null
    if (entry.queue !== '' && model !== null) lookup.modelQueue.push([`${model}\t${entry.queue}`, ms])
    else if (entry.queue !== '') lookup.queue.push([entry.queue, ms])
    else if (model !== null) lookup.model.push([model, ms])
    else lookup.defaultMs = ms
  }
  return lookup
}

/** The SLA in minutes of (model, queue) under the lookup: the same rule as the SQL's. */
export function slaMinutes(lookup: SlaLookup, model: string, queue: string): number {
  const find = (pairs: Array<[string, number]>, key: string) => pairs.find(([k]) => k === key)?.[1]
  const ms = find(lookup.modelQueue, `${model}\t${queue}`) ?? find(lookup.queue, queue) ?? find(lookup.model, model) ?? lookup.defaultMs
  return ms / MS_PER_MINUTE
}

/** When the backlog and the SLA's "still open" are measured: the end of the range, or now. */
export function workloadEnd(filters: ResolvedFilters, now: number): number {
  return Math.min(filters.to, now)
}

function percentiles(values: readonly number[]): Percentiles {
  return { p50: values[0] ?? null, p90: values[1] ?? null, p99: values[2] ?? null }
}

const NO_ITEMS: ItemGroupRow = { day: null, model: null, queue: null, escalated: 0, reviewed: 0, met: 0, breached: 0, pending: 0, wait: [], handle: [] }

function slaCounts(row: ItemGroupRow) {
  return { met: row.met, breached: row.breached, pending: row.pending, sla_attainment: ratio(row.met, row.met + row.breached) }
}

const hourMs = (hour: string) => Date.parse(`${hour.replace(' ', 'T')}Z`)

/** Assembles the workload answer from the rows of analytics/workload/workload.sql.ts. */
export function computeWorkload(
  rows: { items: ItemGroupRow[]; flows: HourFlowRow[]; loads: ReviewerLoadRow[]; handles: ReviewerHandleRow[] },
  filters: ResolvedFilters,
  lookup: SlaLookup,
  now: number,
): WorkloadResponse {
  const end = workloadEnd(filters, now)
  const overall = rows.items.find((r) => r.day === null && r.model === null) ?? NO_ITEMS
  const byDay = new Map(rows.items.filter((r) => r.day !== null).map((r) => [r.day as string, r]))

  // Open items: those at the start (hour ''), then each hour's escalations less its closes.
  let open = 0
  const net = new Map<number, { arrivals: number; completions: number }>()
  for (const flow of rows.flows) {
    if (flow.hour === '') open += flow.arrivals - flow.completions
    else net.set(hourMs(flow.hour), { arrivals: flow.arrivals, completions: flow.completions })
  }
  const hourly: WorkloadHour[] = []
  const dayFlows = new Map<string, { arrivals: number; completions: number; backlog: number | null }>()
  const firstHour = Math.floor(filters.from / MS_PER_HOUR) * MS_PER_HOUR
  for (let hour = firstHour; hour < filters.to; hour += MS_PER_HOUR) {
    const flow = net.get(hour) ?? { arrivals: 0, completions: 0 }
    const measured = hour < end
    if (measured) open += flow.arrivals - flow.completions
    hourly.push({ hour: new Date(hour).toISOString(), arrivals: flow.arrivals, completions: flow.completions, backlog: measured ? open : null })
    const date = isoDate(hour)
    const day = dayFlows.get(date) ?? { arrivals: 0, completions: 0, backlog: null }
    dayFlows.set(date, { arrivals: day.arrivals + flow.arrivals, completions: day.completions + flow.completions, backlog: measured ? open : day.backlog })
  }

  const series: WorkloadDay[] = daysInRange(filters.from, filters.to).map((date) => {
    const items = byDay.get(date) ?? NO_ITEMS
    const flows = dayFlows.get(date) ?? { arrivals: 0, completions: 0, backlog: null }
    return { date, ...flows, wait_ms: percentiles(items.wait), handle_ms: percentiles(items.handle), ...slaCounts(items) }
  })

  const queues: WorkloadQueue[] = rows.items
    .filter((r) => r.day === null && r.model !== null)
    .map((r) => ({
      model: r.model as string,
      queue: r.queue ?? '',
      sla_minutes: slaMinutes(lookup, r.model as string, r.queue ?? ''),
      escalated: r.escalated,
      reviewed: r.reviewed,
      wait_ms: percentiles(r.wait),
      ...slaCounts(r),
    }))
    .sort((a, b) => (a.model === b.model ? (a.queue < b.queue ? -1 : a.queue > b.queue ? 1 : 0) : a.model < b.model ? -1 : 1))

  const handles = new Map(rows.handles.map((h) => [h.reviewer_id, h]))
  const reviewers: WorkloadReviewer[] = rows.loads.map((load) => {
    const handle = handles.get(load.reviewer_id)?.handle ?? []
    return {
      reviewer_id: load.reviewer_id,
      reviews: load.reviews,
      reviews_per_active_hour: ratio(load.reviews, load.active_hours),
      active_hours: load.active_hours,
      handle_ms: { p50: handle[0] ?? null, p90: handle[1] ?? null },
    }
  })

  return {
    filters: echoFilters(filters, { reviewer_id: filters.reviewer_id ?? null, queue: filters.queue ?? null }),
    measured_at: new Date(end).toISOString(),
    escalated: overall.escalated,
    reviewed: overall.reviewed,
    wait_ms: percentiles(overall.wait),
    handle_ms: percentiles(overall.handle),
    backlog: open,
    ...slaCounts(overall),
    series,
    hourly,
    queues,
    reviewers,
  }
}
