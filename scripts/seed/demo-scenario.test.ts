import { createHash } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import { EventInput } from '@/analytics/events/events.schema'
import {
  DEMO_MODELS,
  demoTimeline,
  estimateDemoSize,
  generateDemo,
  type DemoEvent,
  type DemoOptions,
  type OutcomeEvent,
  type PredictionEvent,
  type ReviewEvent,
} from './demo-scenario'
import { Prng, cumulativeWeights, hashUnit } from './prng'

const HOUR_MS = 3_600_000
const DAY_MS = 86_400_000
/** "Now" rounded to the hour: a Sunday, 06:00 UTC, after a night without a night shift (open backlog). */
const END = Date.UTC(2025, 5, 15, 6)
/** Two weeks at a fifth of the default volume: ≈ 100k predictions, enough gold labels per bin. */
const MEDIUM: DemoOptions = { days: 14, scale: 0.2, seed: 7, end: END }

function collect(options: DemoOptions): { batches: DemoEvent[][]; events: DemoEvent[] } {
  const batches = [...generateDemo(options)]
  return { batches, events: batches.flat() }
}

function hashBatches(options: DemoOptions, count: number): string {
  const hash = createHash('sha256')
  let seen = 0
  for (const batch of generateDemo(options)) {
    hash.update(JSON.stringify(batch))
    if (++seen === count) break
  }
  return hash.digest('hex')
}

const itemKey = (e: { model: string; item_id: string }) => `${e.model}\u0000${e.item_id}`

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = (sorted.length - 1) / 2
  return (sorted[Math.floor(mid)] + sorted[Math.ceil(mid)]) / 2
}

describe('prng', () => {
  it('repeats a sequence for a seed and differs across seeds', () => {
    const draw = (seed: number) => {
      const rng = new Prng(seed)
      return Array.from({ length: 5 }, () => rng.nextUint32())
    }
    expect(draw(1)).toEqual(draw(1))
    expect(draw(1)).not.toEqual(draw(2))
  })

  it('draws uniform, normal and Poisson values with the right moments', () => {
    const rng = new Prng(123)
    const n = 100_000
    let sum = 0
    let sumSq = 0
    let min = 1
    let max = 0
    for (let i = 0; i < n; i++) {
      const u = rng.next()
      min = Math.min(min, u)
      max = Math.max(max, u)
      sum += u
      const z = rng.normal()
      sumSq += z * z
    }
    expect(min).toBeGreaterThanOrEqual(0)
    expect(max).toBeLessThan(1)
    expect(sum / n).toBeCloseTo(0.5, 2)
    expect(sumSq / n).toBeCloseTo(1, 1)
    let small = 0
    for (let i = 0; i < 20_000; i++) small += rng.poisson(3)
    expect(small / 20_000).toBeCloseTo(3, 1)
    expect(rng.poisson(0)).toBe(0)
  })

  it('picks from cumulative weights and hashes tuples to [0, 1)', () => {
    const rng = new Prng(5)
    const table = cumulativeWeights([1, 0, 3])
    const counts = [0, 0, 0]
    for (let i = 0; i < 40_000; i++) counts[rng.pick(table)]++
    expect(counts[1]).toBe(0)
    expect(counts[2] / counts[0]).toBeCloseTo(3, 0)
    expect(() => cumulativeWeights([0, 0])).toThrow(RangeError)
    expect(hashUnit(1, 2, 3)).toBe(hashUnit(1, 2, 3))
    expect(hashUnit(1, 2, 3)).not.toBe(hashUnit(1, 2, 4))
  })
})

describe('generateDemo: determinism and options', () => {
  it('gives identical batches for identical options and different ones for another seed', () => {
    const options: DemoOptions = { days: 3, scale: 0.05, seed: 42, end: END }
    const first = hashBatches(options, 40)
    expect(hashBatches(options, 40)).toBe(first)
    expect(hashBatches({ ...options, seed: 43 }, 40)).not.toBe(first)
  })

  it('honours tiny options (1 day, scale 0.01) and keeps everything inside the range', () => {
    const options: DemoOptions = { days: 1, scale: 0.01, seed: 1, end: END }
    const { events } = collect(options)
    const predictions = events.filter((e) => e.type === 'prediction').length
    const estimate = estimateDemoSize(options).predictions
    expect(predictions).toBeGreaterThan(200)
    expect(Math.abs(predictions - estimate) / estimate).toBeLessThan(0.15)
    for (const e of events) {
      expect(e.ts).toBeGreaterThanOrEqual(END - DAY_MS)
      expect(e.ts).toBeLessThan(END)
    }
  })

  it('rejects invalid options', () => {
    expect(() => generateDemo({ days: 0, scale: 1, seed: 1, end: END }).next()).toThrow(RangeError)
    expect(() => estimateDemoSize({ days: 1, scale: -1, seed: 1, end: END })).toThrow(RangeError)
    expect(() => demoTimeline({ days: 1, scale: 1, seed: 1, end: Number.NaN })).toThrow(RangeError)
  })
})

describe('generateDemo: the medium scenario', () => {
  let batches: DemoEvent[][]
  let events: DemoEvent[]
  let predictions: PredictionEvent[]
  let reviews: ReviewEvent[]
  let outcomes: OutcomeEvent[]
  /** Latest prediction per (model, item_id), as SPEC §2 defines the item's prediction. */
  let latest: Map<string, PredictionEvent>
  let first: Map<string, PredictionEvent>
  const timeline = demoTimeline(MEDIUM)

  beforeAll(() => {
    ;({ batches, events } = collect(MEDIUM))
    predictions = events.filter((e): e is PredictionEvent => e.type === 'prediction')
    reviews = events.filter((e): e is ReviewEvent => e.type === 'review')
    outcomes = events.filter((e): e is OutcomeEvent => e.type === 'outcome')
    latest = new Map()
    first = new Map()
    for (const p of predictions) {
      const key = itemKey(p)
      if (!first.has(key)) first.set(key, p)
      const current = latest.get(key)
      if (!current || p.ts >= current.ts) latest.set(key, p)
    }
  })

  it('has the expected volume and the three event types', () => {
    const estimate = estimateDemoSize(MEDIUM).predictions
    expect(Math.abs(predictions.length - estimate) / estimate).toBeLessThan(0.03)
    expect(reviews.length).toBeGreaterThan(0.08 * predictions.length)
    expect(outcomes.length).toBeGreaterThan(0.02 * predictions.length)
  })

  it('yields bounded batches in ts order', () => {
    let previous = -Infinity
    let outOfOrder = 0
    for (const batch of batches) {
      expect(batch.length).toBeGreaterThan(0)
      expect(batch.length).toBeLessThanOrEqual(5_000)
      for (const e of batch) {
        if (e.ts < previous) outOfOrder++
        previous = e.ts
      }
    }
    expect(outOfOrder).toBe(0)
  })

  it('emits only valid SPEC §2 events with unique event ids', () => {
    // Problems are collected and asserted once: 100k expect() calls would dominate the run time.
    const ids = new Set<string>()
    const problems: string[] = []
    for (const e of events) {
      ids.add(e.event_id)
      const parsed = EventInput.safeParse(e)
      if (!parsed.success) problems.push(`${e.event_id}: ${parsed.error.message}`)
      if (!(e.event_id.length > 0 && e.event_id.length <= 128)) problems.push(`${e.event_id}: event_id length`)
      if (!(e.model.length > 0 && e.model.length <= 128)) problems.push(`${e.event_id}: model length`)
      if (!(e.item_id.length > 0 && e.item_id.length <= 256)) problems.push(`${e.event_id}: item_id length`)
      if (!(Number.isInteger(e.ts) && e.ts >= timeline.start && e.ts < timeline.end)) problems.push(`${e.event_id}: ts`)
    }
    expect(problems.slice(0, 5)).toEqual([])
    expect(ids.size).toBe(events.length)
  })

  it('routes predictions by threshold and audit rate, with the matching propensity', () => {
    const policies = new Map(DEMO_MODELS.map((m) => [m.name, m.policies]))
    const problems: string[] = []
    for (const p of predictions) {
      const policy = policies.get(p.model)?.find((x) => x.policyVersion === p.policy_version)
      const ok =
        p.confidence >= 0 &&
        p.confidence <= 1 &&
        policy !== undefined &&
        p.threshold === policy.threshold &&
        (p.route === 'review'
          ? p.confidence < p.threshold && p.propensity === 1
          : p.confidence >= p.threshold &&
            p.propensity === policy.auditRate &&
            p.propensity > 0 &&
            p.propensity <= 1) &&
        Object.keys(p.attributes).length <= 32
      if (!ok) problems.push(JSON.stringify(p))
    }
    expect(problems.slice(0, 5)).toEqual([])
    // Audit share of the confident predictions ≈ the audit rate.
    for (const model of DEMO_MODELS) {
      const confident = predictions.filter((p) => p.model === model.name && p.route !== 'review')
      const audited = confident.filter((p) => p.route === 'audit').length
      const rate = model.policies[0].auditRate
      expect(audited / confident.length).toBeGreaterThan(0.6 * rate)
      expect(audited / confident.length).toBeLessThan(1.4 * rate)
    }
  })

  it('escalates a realistic share per model and changes the content-moderation policy', () => {
    for (const model of DEMO_MODELS) {
      const mine = predictions.filter((p) => p.model === model.name)
      const escalated = mine.filter((p) => p.route !== 'auto').length / mine.length
      expect(escalated).toBeGreaterThan(0.04)
      expect(escalated).toBeLessThan(0.3)
    }
    const content = predictions.filter((p) => p.model === 'content-moderation')
    expect(content.filter((p) => p.ts < timeline.policyChangeAt).every((p) => p.policy_version === 7)).toBe(true)
    expect(content.filter((p) => p.ts >= timeline.policyChangeAt).every((p) => p.policy_version === 8)).toBe(true)
  })

  it('writes reviews that complete after they start, after the prediction, and within the range', () => {
    const problems: string[] = []
    for (const r of reviews) {
      const predicted = first.get(itemKey(r))?.ts ?? Infinity
      const ok =
        r.ts >= r.started_at &&
        r.duration_ms === r.ts - r.started_at &&
        Number.isInteger(r.duration_ms) &&
        r.queue === r.model &&
        r.started_at >= predicted &&
        r.ts < timeline.end
      if (!ok) problems.push(JSON.stringify(r))
    }
    for (const o of outcomes) if (!(o.ts > (first.get(itemKey(o))?.ts ?? Infinity))) problems.push(JSON.stringify(o))
    expect(problems.slice(0, 5)).toEqual([])
  })

  it('has at least 12 reviewers, double reviews, same-reviewer corrections and re-scored items', () => {
    const byItem = new Map<string, string[]>()
    for (const r of reviews) {
      const list = byItem.get(itemKey(r)) ?? []
      list.push(r.reviewer_id)
      byItem.set(itemKey(r), list)
    }
    expect(new Set(reviews.map((r) => r.reviewer_id)).size).toBeGreaterThanOrEqual(12)
    const multi = [...byItem.values()].filter((ids) => new Set(ids).size >= 2).length
    const triple = [...byItem.values()].filter((ids) => new Set(ids).size >= 3).length
    const corrected = [...byItem.values()].filter((ids) => new Set(ids).size < ids.length).length
    expect(multi / byItem.size).toBeGreaterThan(0.05)
    expect(multi / byItem.size).toBeLessThan(0.12)
    expect(triple).toBeGreaterThan(0)
    expect(corrected).toBeGreaterThan(0)
    const rescored = predictions.length - first.size
    expect(rescored / first.size).toBeGreaterThan(0.002)
    expect(rescored / first.size).toBeLessThan(0.01)
    // Open backlog: some escalated items are still waiting at the end of the range.
    const open = [...latest.values()].filter((p) => p.route !== 'auto' && !byItem.has(itemKey(p)))
    expect(open.length).toBeGreaterThan(0)
  })

  it('labels a ~3 % gold sample and adjudicates some disagreements', () => {
    const gold = outcomes.filter((o) => o.source === 'gold')
    const adjudicated = outcomes.filter((o) => o.source === 'adjudication')
    expect(gold.length / first.size).toBeGreaterThan(0.02)
    expect(gold.length / first.size).toBeLessThan(0.035)
    expect(adjudicated.length).toBeGreaterThan(0)
    const reviewed = new Set(reviews.map(itemKey))
    expect(adjudicated.every((o) => reviewed.has(itemKey(o)))).toBe(true)
    // Gold labels reach auto-accepted items too, not only escalated ones.
    expect(gold.some((o) => latest.get(itemKey(o))?.route === 'auto')).toBe(true)
  })

  it('makes content-moderation overconfident below its top and doc-classifier well calibrated (gold labels)', () => {
    const truth = new Map(outcomes.filter((o) => o.source === 'gold').map((o) => [itemKey(o), o.true_label]))
    const band = (model: string, from: number, to: number) => {
      let n = 0
      let confidence = 0
      let correct = 0
      for (const [key, label] of truth) {
        const p = latest.get(key)
        if (!p || p.model !== model || p.confidence < from || p.confidence >= to) continue
        n++
        confidence += p.confidence
        if (p.predicted_label === label) correct++
      }
      return { n, gap: confidence / n - correct / n }
    }
    // Too sure in the 0.6–0.9 band, nearly right at the top (the gap fades over the last 0.1):
    // a threshold can be certified, higher than a calibrated model's.
    const contentMiddle = band('content-moderation', 0.6, 0.9)
    const contentTop = band('content-moderation', 0.95, 1.01)
    const docs = band('doc-classifier', 0.9, 1.01)
    expect(contentMiddle.n).toBeGreaterThan(100)
    expect(contentTop.n).toBeGreaterThan(200)
    expect(docs.n).toBeGreaterThan(200)
    expect(contentMiddle.gap).toBeGreaterThan(0.06)
    expect(contentTop.gap).toBeLessThan(0.03)
    expect(contentTop.gap).toBeGreaterThan(docs.gap)
    expect(Math.abs(docs.gap)).toBeLessThan(0.03)
  })

  it('releases fraud-detector v2.4 after a canary around 60 % of the range', () => {
    const fraud = predictions.filter((p) => p.model === 'fraud-detector')
    const before = fraud.filter((p) => p.ts < timeline.canaryAt)
    const canary = fraud.filter((p) => p.ts >= timeline.canaryAt && p.ts < timeline.releaseAt)
    const after = fraud.filter((p) => p.ts >= timeline.releaseAt)
    expect(before.every((p) => p.model_version === 'v2.3')).toBe(true)
    expect(after.every((p) => p.model_version === 'v2.4')).toBe(true)
    const canaryShare = canary.filter((p) => p.model_version === 'v2.4').length / canary.length
    expect(canaryShare).toBeGreaterThan(0.03)
    expect(canaryShare).toBeLessThan(0.25)
    expect((timeline.releaseAt - timeline.start) / (timeline.end - timeline.start)).toBeCloseTo(0.6, 2)
    // v2.4 is sharper: more of its predictions clear the threshold.
    const autoShare = (list: PredictionEvent[]) => list.filter((p) => p.route !== 'review').length / list.length
    expect(autoShare(after)).toBeGreaterThan(autoShare(before))
  })

  it('has diurnal and weekly arrival patterns and a spike day with a backlog that drains', () => {
    const byHour = new Array<number>(24).fill(0)
    const byDay = new Map<number, number>()
    for (const p of predictions) {
      byHour[new Date(p.ts).getUTCHours()]++
      const day = Math.floor(p.ts / DAY_MS)
      byDay.set(day, (byDay.get(day) ?? 0) + 1)
    }
    const sum = (from: number, to: number) => byHour.slice(from, to).reduce((a, b) => a + b, 0)
    expect(sum(10, 16)).toBeGreaterThan(3 * sum(1, 7))

    const fullDays = [...byDay].filter(([day]) => day * DAY_MS >= timeline.start && (day + 1) * DAY_MS <= timeline.end)
    const weekend = fullDays.filter(([day]) => [0, 6].includes(new Date(day * DAY_MS).getUTCDay()))
    const weekdays = fullDays.filter(([day]) => ![0, 6].includes(new Date(day * DAY_MS).getUTCDay()))
    const mean = (list: [number, number][]) => list.reduce((a, [, n]) => a + n, 0) / list.length
    expect(mean(weekend)).toBeLessThan(0.8 * mean(weekdays))

    const spikeDay = Math.floor(timeline.spikeStart / DAY_MS)
    const spikeCount = byDay.get(spikeDay) ?? 0
    expect(spikeCount).toBeGreaterThan(1.3 * median(fullDays.map(([, n]) => n)))

    // Backlog (SPEC §3.3): escalated items predicted by t without a review completed by t.
    const firstReview = new Map<string, number>()
    for (const r of reviews) if (!firstReview.has(itemKey(r))) firstReview.set(itemKey(r), r.ts)
    const escalated = [...first.values()].filter((p) => p.route !== 'auto')
    const backlogAt = (t: number) =>
      escalated.filter((p) => p.ts <= t && !((firstReview.get(itemKey(p)) ?? Infinity) <= t)).length
    const beforeSpike = backlogAt(timeline.spikeStart)
    const peak = backlogAt(timeline.spikeEnd)
    expect(peak).toBeGreaterThan(5 * beforeSpike + 50)
    let drained = Infinity
    for (let t = timeline.spikeEnd; t <= timeline.spikeEnd + 72 * HOUR_MS; t += HOUR_MS) {
      drained = Math.min(drained, backlogAt(t))
    }
    expect(drained).toBeLessThan(0.25 * peak)
    expect([2, 3, 4]).toContain(new Date(timeline.spikeStart).getUTCDay())
  })

  it('waits minutes in the day and hours at night, and has a fast rubber-stamper', () => {
    const firstStart = new Map<string, number>()
    for (const r of reviews) if (!firstStart.has(itemKey(r))) firstStart.set(itemKey(r), r.started_at)
    const day: number[] = []
    const night: number[] = []
    // Weekdays away from the spam wave and its aftermath.
    const spikeDay = Math.floor(timeline.spikeStart / DAY_MS)
    for (const p of first.values()) {
      const start = firstStart.get(itemKey(p))
      if (p.route === 'auto' || start === undefined) continue
      const dayNumber = Math.floor(p.ts / DAY_MS)
      const weekday = new Date(p.ts).getUTCDay()
      if (weekday === 0 || weekday === 6 || (dayNumber >= spikeDay && dayNumber <= spikeDay + 2)) continue
      const hour = new Date(p.ts).getUTCHours()
      if (hour >= 8 && hour < 16) day.push(start - p.ts)
      else if (hour >= 0 && hour < 4) night.push(start - p.ts)
    }
    expect(median(day)).toBeLessThan(30 * 60_000)
    expect(median(night)).toBeGreaterThan(2 * median(day))
    expect(median(night)).toBeGreaterThan(10 * 60_000)

    const predictedLabel = (r: ReviewEvent) => first.get(itemKey(r))?.predicted_label
    const stats = (list: ReviewEvent[]) => ({
      agreement: list.filter((r) => r.label === predictedLabel(r)).length / list.length,
      handle: median(list.map((r) => r.duration_ms)),
    })
    const grace = stats(reviews.filter((r) => r.reviewer_id === 'r07-grace'))
    const team = stats(reviews.filter((r) => r.reviewer_id !== 'r07-grace'))
    expect(grace.agreement).toBeGreaterThan(0.99)
    expect(team.agreement).toBeLessThan(0.9)
    expect(grace.handle).toBeLessThan(team.handle / 3)
  })
})

describe('the demo capacity settings', () => {
  it('staff each UTC hour with the team’s average presence in it over a week', async () => {
    const { demoStaffed, demoCapacity } = await import('./demo-capacity')
    const staffed = demoStaffed(1)
    // 03:00 UTC: peggy's night shift (part time, 5 nights a week) rounds up to one; the day shifts overlap into more.
    expect(staffed[3]).toBe(1)
    expect(staffed[14]).toBeGreaterThan(staffed[6])
    expect(staffed).toHaveLength(24)
    expect(Math.max(...staffed)).toBeGreaterThanOrEqual(6)
    // At a small scale, whoever is there still counts as one.
    expect(demoStaffed(0.05).filter((n) => n > 0).length).toBe(staffed.filter((n) => n > 0).length)
    const entries = demoCapacity(1)
    expect(entries.map((e) => [e.queue, e.model, e.slaMinutes])).toEqual([
      ['', null, 240],
      ['', 'fraud-detector', 60],
    ])
  })
})
