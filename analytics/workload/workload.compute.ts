// Workload (SPEC §3.3) from the SQL side's rows: pure assembly, tested without a database.
import { echoFilters } from '@/analytics/shared/echoed-filters'
import type { ResolvedFilters } from '@/analytics/shared/filters.schema'
import { ratio } from '@/analytics/shared/stats.compute'
import { daysInRange, isoDate, MS_PER_HOUR } from '@/analytics/shared/time'
import { DEFAULT_SLA_MINUTES, type CapacityEntry } from '@/lib/capacity/capacity.schema'
import { resolveCapacity } from '@/lib/capacity/resolve'
import { forecastArrivals, reviewerHoursPerDay, reviewersNeeded } from '@/analytics/shared/staffing.compute'
import type {
  ArrivalHourRow,
  DistributionRow,
  HistogramBin,
  HourFlowRow,
  ItemGroupRow,
  Percentiles,
  ReviewerHandleRow,
  ReviewerHourRow,
  ShiftHour,
  WorkloadDay,
  WorkloadHour,
  WorkloadQueue,
  WorkloadResponse,
  WorkloadReviewer,
  WorkloadStaffing,
} from './workload.schema'

/** The SLA lookup the SQL binds: (model⇥queue), queue and model keys with their SLA in ms, and the default. */
export interface SlaLookup {
  modelQueue: Array<[string, number]>
  queue: Array<[string, number]>
  model: Array<[string, number]>
  defaultMs: number
}

const MS_PER_MINUTE = 60_000

/**
 * The lookup of SPEC §3.3's capacity entries for the SQL: an item's SLA is that of the entry for
 * its queue and model, else its queue (any model), else "" with its model, else "" (or 240 min
 * without one) — lib/capacity's resolveCapacity, as bound arrays.
 */
export function slaLookup(entries: readonly CapacityEntry[]): SlaLookup {
  const lookup: SlaLookup = { modelQueue: [], queue: [], model: [], defaultMs: DEFAULT_SLA_MINUTES * MS_PER_MINUTE }
  for (const entry of entries) {
    const ms = Math.round(entry.slaMinutes * MS_PER_MINUTE)
    const model = entry.model
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

const MIN = 60_000

/**
 * Lower edges of the wait histogram's bins in ms, on a scale that reads like a clock: minutes
 * to two days. The first is a stand-in for −∞: a wait below 0 (an item re-scored after its
 * review) falls in the first bin. SQL bins a value with roundDown over these edges.
 */
export const WAIT_EDGES_MS: readonly number[] = [Number.MIN_SAFE_INTEGER, 0, MIN, 2 * MIN, 5 * MIN, 10 * MIN, 15 * MIN, 30 * MIN, 60 * MIN, 120 * MIN, 240 * MIN, 480 * MIN, 720 * MIN, 1440 * MIN, 2880 * MIN]
/** Lower edges of the handle-time histogram's bins in ms: seconds to an hour. */
export const HANDLE_EDGES_MS: readonly number[] = [0, 10_000, 30_000, MIN, 2 * MIN, 5 * MIN, 10 * MIN, 20 * MIN, 30 * MIN, 60 * MIN]

/** Every bin of `edges` with its count from the rows (zero without one). */
export function histogram(edges: readonly number[], rows: readonly DistributionRow[]): HistogramBin[] {
  const counts = new Map(rows.map((r) => [r.lower, r.items]))
  return edges.map((lower, i) => ({
    from_ms: lower < 0 ? null : lower,
    to_ms: edges[i + 1] ?? null,
    items: counts.get(lower) ?? 0,
  }))
}

/** When the backlog and the SLA's "still open" are measured: the end of the range, or now. */
export function workloadEnd(filters: ResolvedFilters, now: number): number {
  return Math.min(filters.to, now)
}

function percentiles(values: readonly number[]): Percentiles {
  return { p50: values[0] ?? null, p90: values[1] ?? null, p99: values[2] ?? null }
}

const NO_ITEMS: ItemGroupRow = { day: null, model: null, queue: null, escalated: 0, reviewed: 0, met: 0, breached: 0, pending: 0, wait: [], handle: [], handled: 0, handle_mean: null }

function slaCounts(row: ItemGroupRow) {
  return { met: row.met, breached: row.breached, pending: row.pending, sla_attainment: ratio(row.met, row.met + row.breached) }
}

const hourMs = (hour: string) => Date.parse(`${hour.replace(' ', 'T')}Z`)

const MS_PER_DAY = 24 * MS_PER_HOUR

/** The day staffing is planned for: the UTC day after the one the figures are measured at. */
export function forecastDay(end: number): number {
  return Math.floor((end - 1) / MS_PER_DAY) * MS_PER_DAY + MS_PER_DAY
}

/**
 * The team an item's queue is served by: the queue's own when a capacity entry names it (for any
 * model), else the default queue's (""), whose entry covers every queue without its own.
 */
export function teamOf(entries: readonly CapacityEntry[], queue: string): string {
  return queue !== '' && entries.some((e) => e.queue === queue) ? queue : ''
}

/**
 * A team's entry for the view: the queue's entry for the model filter, else for any model, else
 * its first (a queue with model-specific entries only). Null when the team has none.
 */
function teamEntry(entries: readonly CapacityEntry[], model: string | undefined, team: string): CapacityEntry | null {
  const own = entries.filter((e) => e.queue === team)
  return own.find((e) => model !== undefined && e.model === model) ?? own.find((e) => e.model === null) ?? own[0] ?? null
}

/**
 * Reviewers staffed per UTC hour of day for the view: with a queue filter, that queue's team;
 * without, the sum over every team (each queue with an entry, and the default queue's), each
 * team's entry for the model filter where there is one. Null when no entry applies.
 */
export function staffedForView(entries: readonly CapacityEntry[], model: string | undefined, queue: string | undefined): number[] | null {
  const teams = viewTeams(entries, queue, [])
  const staffed = teams.map((team) => teamEntry(entries, model, team)?.staffed).filter((s): s is number[] => s !== undefined)
  if (staffed.length === 0) return null
  return Array.from({ length: 24 }, (_, h) => staffed.reduce((sum, s) => sum + (s[h] ?? 0), 0))
}

/** The teams of the view: the queue filter's, or every team with an entry or with items. */
function viewTeams(entries: readonly CapacityEntry[], queue: string | undefined, itemQueues: readonly string[]): string[] {
  if (queue !== undefined) return [teamOf(entries, queue)]
  return [...new Set([...entries.map((e) => e.queue), ...itemQueues.map((q) => teamOf(entries, q))])].sort()
}

/** The escalated items of one (model, queue) in the range: how many first reviews had a handle time, and their mean. */
export interface HandleGroup {
  model: string
  queue: string
  handled: number
  handleMeanMs: number | null
}

/**
 * SPEC §3.3 staffing for the day after `end`, team by team (teamOf): the expected escalations per
 * hour of day from the 28 days before it (forecastArrivals over every queue, shared among the
 * teams by their part of each hour's history), and reviewers needed on shift per hour by Erlang C
 * at the team's mean handle time, as one pool answering in order of arrival: the fewest whose
 * service level meets the target of every kind of item the team serves (each (model, queue) by
 * its capacity entry: a 1 h SLA for one model's items and 4 h for the rest needs what the 1 h
 * needs at the whole team's load). Summed over the teams against those staffed; reviewer-hours at
 * each team's target occupancy; the range's utilization (handle time over staffed time up to its
 * end). `sla_minutes` and `sla_target` name the strictest planned for. Null without capacity settings.
 */
export function computeStaffing(input: {
  entries: readonly CapacityEntry[]
  filters: ResolvedFilters
  end: number
  history: readonly ArrivalHourRow[]
  groups: readonly HandleGroup[]
  meanHandleMs: number | null
  reviewHandleTotalMs: number
}): WorkloadStaffing | null {
  const { entries, filters, end } = input
  if (entries.length === 0) return null
  const day = forecastDay(end)
  const overall = forecastArrivals(
    input.history.map((row) => ({ hour: hourMs(row.hour), arrivals: row.arrivals })),
    day,
  )
  const teamNames = viewTeams(entries, filters.queue, [...input.history.map((r) => r.queue), ...input.groups.map((g) => g.queue)])
  // Each team's part of each hour of day in the history, to share the forecast out.
  const historyByTeam = new Map(teamNames.map((team) => [team, Array<number>(24).fill(0)]))
  const historyAll = Array<number>(24).fill(0)
  for (const row of input.history) {
    const hour = new Date(hourMs(row.hour)).getUTCHours()
    historyAll[hour] += row.arrivals
    const team = historyByTeam.get(teamOf(entries, row.queue))
    if (team) team[hour] += row.arrivals
  }

  let strictest: { slaMinutes: number; slaTarget: number } | null = null
  const teams = teamNames.map((team) => {
    const settings = teamEntry(entries, filters.model, team)
    const staffed = settings?.staffed ?? Array<number>(24).fill(0)
    const groups = input.groups.filter((g) => teamOf(entries, g.queue) === team)
    const handled = groups.reduce((sum, g) => sum + g.handled, 0)
    const meanHandleMs = handled > 0 ? groups.reduce((sum, g) => sum + g.handled * (g.handleMeanMs ?? 0), 0) / handled : input.meanHandleMs
    // The kinds of item it serves: each (model, queue) of the range, or its own entry without any.
    const kinds = groups.length > 0 ? groups.map((g) => resolveCapacity(entries, g.model, g.queue)) : [resolveCapacity(entries, filters.model ?? '', team)]
    for (const kind of kinds) {
      if (strictest === null || kind.slaMinutes < strictest.slaMinutes || (kind.slaMinutes === strictest.slaMinutes && kind.slaTarget > strictest.slaTarget)) {
        strictest = { slaMinutes: kind.slaMinutes, slaTarget: kind.slaTarget }
      }
    }
    const share = historyByTeam.get(team) ?? Array<number>(24).fill(0)
    const expected = overall.perHour.map((all, hour) => (teamNames.length === 1 ? all : historyAll[hour] > 0 ? (all * share[hour]) / historyAll[hour] : 0))
    const handleSeconds = meanHandleMs !== null && meanHandleMs > 0 ? meanHandleMs / 1000 : null
    const needed = expected.map((arrivalsPerHour) =>
      handleSeconds === null
        ? null
        : Math.max(...kinds.map((kind) => reviewersNeeded({ arrivalsPerHour, handleSeconds, targetSeconds: kind.slaMinutes * 60, serviceLevelTarget: kind.slaTarget }))),
    )
    const occupancy = settings?.targetOccupancy ?? resolveCapacity(entries, filters.model ?? '', team).targetOccupancy
    const expectedTotal = expected.reduce((a, b) => a + b, 0)
    return {
      queue: team,
      mean_handle_ms: meanHandleMs,
      target_occupancy: occupancy,
      expected_escalations: expectedTotal,
      reviewer_hours_per_day: handleSeconds === null ? null : reviewerHoursPerDay(expectedTotal, handleSeconds, occupancy),
      reviewers_needed_total: handleSeconds === null ? null : needed.reduce((sum: number, n) => sum + (n ?? 0), 0),
      reviewers_staffed_total: staffed.reduce((a, b) => a + b, 0),
      expected,
      needed,
      staffed,
    }
  })

  const hours = Array.from({ length: 24 }, (_, hour) => {
    const needed = teams.some((t) => t.needed[hour] === null) ? null : teams.reduce((sum, t) => sum + (t.needed[hour] ?? 0), 0)
    const staffed = teams.reduce((sum, t) => sum + (t.staffed[hour] ?? 0), 0)
    return { hour, expected_escalations: teams.reduce((sum, t) => sum + t.expected[hour], 0), reviewers_needed: needed, reviewers_staffed: staffed, short: needed !== null && needed > staffed }
  })
  let staffedMs = 0
  for (let hour = Math.floor(filters.from / MS_PER_HOUR) * MS_PER_HOUR; hour < end; hour += MS_PER_HOUR) {
    staffedMs += hours[new Date(hour).getUTCHours()].reviewers_staffed * (Math.min(hour + MS_PER_HOUR, end) - Math.max(hour, filters.from))
  }
  const plannedFor: { slaMinutes: number; slaTarget: number } = strictest ?? resolveCapacity(entries, filters.model ?? '', filters.queue ?? '')
  const sumOrNull = (values: Array<number | null>) => (values.some((v) => v === null) ? null : values.reduce((a: number, b) => a + (b ?? 0), 0))
  return {
    forecast_date: isoDate(day),
    basis: overall.basis,
    history_days: overall.days,
    mean_handle_ms: input.meanHandleMs,
    sla_minutes: plannedFor.slaMinutes,
    sla_target: plannedFor.slaTarget,
    target_occupancy: teams.length === 1 ? teams[0].target_occupancy : resolveCapacity(entries, filters.model ?? '', filters.queue ?? '').targetOccupancy,
    expected_escalations: hours.reduce((sum, h) => sum + h.expected_escalations, 0),
    reviewer_hours_per_day: sumOrNull(teams.map((t) => t.reviewer_hours_per_day)),
    reviewers_needed_total: sumOrNull(teams.map((t) => t.reviewers_needed_total)),
    reviewers_staffed_total: hours.reduce((sum, h) => sum + h.reviewers_staffed, 0),
    short_hours: hours.filter((h) => h.short).length,
    hours,
    teams: teams.map(({ expected: _e, needed: _n, staffed: _s, ...team }) => team),
    utilization: staffedMs > 0 ? input.reviewHandleTotalMs / staffedMs : null,
  }
}

/**
 * A reviewer's shift ends after this many clock hours without a completed review: a night shift
 * across midnight stays one shift, the next day's is another.
 */
export const SHIFT_GAP_HOURS = 4

/**
 * Shifts (fetchReviewerHours): each reviewer's handle time over the length of their shifts, and
 * every reviewer's reviews by hour into the shift (fatigue: handle time and agreement with the
 * model late in a shift).
 */
export function shiftFigures(rows: readonly ReviewerHourRow[]): { shareOf: Map<string, number | null>; hours: ShiftHour[] } {
  const shareOf = new Map<string, number | null>()
  const hours: ShiftHour[] = []
  for (const row of rows) {
    if (row.reviewer_id !== null) {
      shareOf.set(row.reviewer_id, row.shift_hours > 0 ? Math.min(1, row.handle_sum / (row.shift_hours * MS_PER_HOUR)) : null)
    } else if (row.hour_into_shift !== null) {
      hours.push({ hour_into_shift: row.hour_into_shift, reviews: row.reviews, mean_handle_ms: ratio(row.handle_sum, row.handled), agreement_rate: ratio(row.agreeing, row.reviews) })
    }
  }
  return { shareOf, hours: hours.sort((a, b) => a.hour_into_shift - b.hour_into_shift) }
}

/** Assembles the workload answer from the rows of analytics/workload/workload.sql.ts. */
export function computeWorkload(
  rows: { items: ItemGroupRow[]; flows: HourFlowRow[]; reviewerHours: ReviewerHourRow[]; handles: ReviewerHandleRow[]; history: ArrivalHourRow[]; distributions: DistributionRow[] },
  filters: ResolvedFilters,
  entries: readonly CapacityEntry[],
  now: number,
): WorkloadResponse {
  const lookup = slaLookup(entries)
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
      sla_target: resolveCapacity(entries, r.model as string, r.queue ?? '').slaTarget,
      escalated: r.escalated,
      reviewed: r.reviewed,
      wait_ms: percentiles(r.wait),
      ...slaCounts(r),
    }))
    .sort((a, b) => (a.model === b.model ? (a.queue < b.queue ? -1 : a.queue > b.queue ? 1 : 0) : a.model < b.model ? -1 : 1))

  const handles = new Map(rows.handles.map((h) => [h.reviewer_id, h]))
  const shifts = shiftFigures(rows.reviewerHours)
  const loads = rows.reviewerHours
    .filter((row): row is ReviewerHourRow & { reviewer_id: string } => row.reviewer_id !== null)
    .sort((a, b) => (a.reviewer_id < b.reviewer_id ? -1 : a.reviewer_id > b.reviewer_id ? 1 : 0))
  const reviewers: WorkloadReviewer[] = loads.map((load) => {
    const handle = handles.get(load.reviewer_id)?.handle ?? []
    return {
      reviewer_id: load.reviewer_id,
      reviews: load.reviews,
      reviews_per_active_hour: ratio(load.reviews, load.active_hours),
      active_hours: load.active_hours,
      handle_ms: { p50: handle[0] ?? null, p90: handle[1] ?? null },
      shift_share: shifts.shareOf.get(load.reviewer_id) ?? null,
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
    distributions: {
      wait_ms: histogram(WAIT_EDGES_MS, rows.distributions.filter((r) => r.measure === 'wait')),
      handle_ms: histogram(HANDLE_EDGES_MS, rows.distributions.filter((r) => r.measure === 'handle')),
    },
    series,
    hourly,
    queues,
    reviewers,
    shift_hours: shifts.hours,
    staffing: computeStaffing({
      entries,
      filters,
      end,
      history: rows.history,
      groups: rows.items
        .filter((r) => r.day === null && r.model !== null)
        .map((r) => ({ model: r.model as string, queue: r.queue ?? '', handled: r.handled, handleMeanMs: r.handle_mean })),
      meanHandleMs: overall.handle_mean,
      reviewHandleTotalMs: rows.handles.reduce((sum, h) => sum + h.handle_total_ms, 0),
    }),
  }
}
