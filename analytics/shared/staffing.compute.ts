// Staffing math of SPEC §3.3 (pure): Erlang C for reviewers on shift, reviewer-hours at a target
// occupancy, and the expected escalations per hour of day the staffing is computed from.

/** SPEC §3.3 defaults of a capacity entry. */
export const DEFAULT_SLA_MINUTES = 240
export const DEFAULT_SLA_TARGET = 0.9
export const DEFAULT_TARGET_OCCUPANCY = 0.85

/** An M/M/N queue: `traffic` A = arrival rate × mean handle time (Erlangs), `agents` N servers. */
export interface Queue {
  traffic: number
  agents: number
}

/**
 * Erlang B blocking probability by its recursion B(0) = 1, B(n) = A·B(n−1) / (n + A·B(n−1)):
 * stable where the closed form's A^N / N! overflows (N in the hundreds).
 */
export function erlangB({ traffic, agents }: Queue): number {
  let blocking = 1
  for (let n = 1; n <= agents; n++) blocking = (traffic * blocking) / (n + traffic * blocking)
  return blocking
}

/**
 * Erlang C: the probability that an arrival waits, C = N·B / (N − A·(1 − B)). 1 when the queue is
 * not stable (A ≥ N: the backlog grows without bound), 0 without traffic.
 */
export function erlangC(queue: Queue): number {
  const { traffic, agents } = queue
  if (traffic <= 0) return 0
  if (traffic >= agents) return 1
  const blocking = erlangB(queue)
  return (agents * blocking) / (agents - traffic * (1 - blocking))
}

/** Share of arrivals answered within `targetSeconds`: 1 − C·e^(−(N − A)·t / h). */
export function serviceLevel(queue: Queue, handleSeconds: number, targetSeconds: number): number {
  if (queue.traffic <= 0) return 1
  if (queue.traffic >= queue.agents) return 0
  return 1 - erlangC(queue) * Math.exp((-(queue.agents - queue.traffic) * targetSeconds) / handleSeconds)
}

/** Mean wait of all arrivals (ASA), C·h / (N − A); Infinity when the queue is not stable. */
export function meanWaitSeconds(queue: Queue, handleSeconds: number): number {
  if (queue.traffic <= 0) return 0
  if (queue.traffic >= queue.agents) return Infinity
  return (erlangC(queue) * handleSeconds) / (queue.agents - queue.traffic)
}

/** Share of the agents' time spent handling, A / N (capped at 1). */
export function occupancy(queue: Queue): number {
  return queue.agents > 0 ? Math.min(1, queue.traffic / queue.agents) : 0
}

/** Erlangs offered by `arrivalsPerHour` items of `handleSeconds` each. */
export function trafficOf(arrivalsPerHour: number, handleSeconds: number): number {
  return (arrivalsPerHour * handleSeconds) / 3600
}

/** The highest service level a staffing search aims for (the capacity settings allow a target of 1). */
export const MAX_SERVICE_LEVEL_TARGET = 1 - 1e-6

/**
 * Reviewers needed on shift: the fewest N with a stable queue whose service level within the SLA
 * (`targetSeconds`) reaches `serviceLevelTarget`. 0 without arrivals.
 */
export function reviewersNeeded(input: { arrivalsPerHour: number; handleSeconds: number; targetSeconds: number; serviceLevelTarget: number }): number {
  const traffic = trafficOf(input.arrivalsPerHour, input.handleSeconds)
  if (traffic <= 0 || input.handleSeconds <= 0) return 0
  // A service level approaches 1 but never reaches it: a target of 1 is read as 1 − 10⁻⁶.
  const target = Math.min(input.serviceLevelTarget, MAX_SERVICE_LEVEL_TARGET)
  // Stable needs N > A; the service level grows with N, so the first N that meets the target is the answer.
  let agents = Math.floor(traffic) + 1
  while (serviceLevel({ traffic, agents }, input.handleSeconds, input.targetSeconds) < target) agents++
  return agents
}

/** SPEC §3.3: reviewer-hours per day = expected escalations per day × mean handle time / target occupancy. */
export function reviewerHoursPerDay(escalationsPerDay: number, meanHandleSeconds: number, targetOccupancy: number): number {
  return (escalationsPerDay * meanHandleSeconds) / 3600 / targetOccupancy
}

/** Escalations counted in one UTC hour: its start (epoch ms) and the count. */
export interface HourlyArrivals {
  hour: number
  arrivals: number
}

export interface ArrivalForecast {
  /** Expected escalations in each UTC hour of the forecast day (24 numbers). */
  perHour: number[]
  /** How the forecast was formed. */
  basis: 'same_weekday' | 'every_day' | 'none'
  /** Whole days of history it used. */
  days: number
}

const MS_PER_HOUR = 3_600_000
const MS_PER_DAY = 24 * MS_PER_HOUR
/** History the forecast looks at: the last four weeks. */
export const FORECAST_HISTORY_DAYS = 28
/**
 * A weekly pattern is taken as real when the busiest weekday's mean daily escalations exceed the
 * quietest's by this factor, over at least two weeks: then each hour is forecast from the same
 * weekday only (weekends differ from weekdays in most review teams).
 */
export const WEEKLY_PATTERN_RATIO = 1.25

/**
 * Expected escalations per UTC hour of the day starting at `day` (UTC midnight), from the hourly
 * arrivals of the FORECAST_HISTORY_DAYS whole days before it: the mean of the same hour on the same
 * weekday when the history shows a weekly pattern, else the mean of the same hour over every day.
 */
export function forecastArrivals(history: readonly HourlyArrivals[], day: number): ArrivalForecast {
  const start = day - FORECAST_HISTORY_DAYS * MS_PER_DAY
  const counts = new Map<number, number>()
  let first = Infinity
  for (const { hour, arrivals } of history) {
    if (hour < start || hour >= day) continue
    counts.set(hour, (counts.get(hour) ?? 0) + arrivals)
    first = Math.min(first, hour)
  }
  if (counts.size === 0) return { perHour: Array(24).fill(0), basis: 'none', days: 0 }
  // Whole days from the first one with data: a store that began a week ago has seven days of history, not 28.
  const firstDay = Math.floor(first / MS_PER_DAY) * MS_PER_DAY
  const days: number[] = []
  for (let d = firstDay; d < day; d += MS_PER_DAY) days.push(d)
  const hourly = (d: number, h: number) => counts.get(d + h * MS_PER_HOUR) ?? 0
  const dailyTotal = (d: number) => Array.from({ length: 24 }, (_, h) => hourly(d, h)).reduce((a, b) => a + b, 0)

  const weekday = (d: number) => new Date(d).getUTCDay()
  const byWeekday = new Map<number, number[]>()
  for (const d of days) byWeekday.set(weekday(d), [...(byWeekday.get(weekday(d)) ?? []), dailyTotal(d)])
  const weekdayMeans = [...byWeekday.values()].map((totals) => totals.reduce((a, b) => a + b, 0) / totals.length)
  const weekly =
    days.length >= 14 && byWeekday.size === 7 && Math.max(...weekdayMeans) > WEEKLY_PATTERN_RATIO * Math.min(...weekdayMeans)
  const basisDays = weekly ? days.filter((d) => weekday(d) === weekday(day)) : days
  const perHour = Array.from({ length: 24 }, (_, h) => basisDays.reduce((sum, d) => sum + hourly(d, h), 0) / basisDays.length)
  return { perHour, basis: weekly ? 'same_weekday' : 'every_day', days: days.length }
}
