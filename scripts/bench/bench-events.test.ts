import { describe, expect, it } from 'vitest'
import { decodeNdjson, validateValues } from '@/analytics/events/events.parse'
import { generateBenchEvents, toNdjsonBatches } from './bench-events'
import { latencySummary, perSecond, ratio } from './bench-stats'

describe('benchmark events', () => {
  const events = generateBenchEvents(20_000)

  it('is deterministic and shaped like production traffic', () => {
    expect(generateBenchEvents(20_000)).toEqual(events)
    expect(generateBenchEvents(100, 8)).not.toEqual(generateBenchEvents(100, 7))
    const share = (type: string) => events.filter((e) => e.type === type).length / events.length
    expect(share('prediction')).toBeGreaterThan(0.75)
    expect(share('review')).toBeGreaterThan(0.1)
    expect(share('outcome')).toBeGreaterThan(0.02)
    expect(new Set(events.map((e) => e.event_id)).size).toBe(events.length)
  })

  it('is valid for the API, batch by batch', () => {
    const batches = toNdjsonBatches(events, 5_000)
    expect(batches).toHaveLength(4)
    for (const body of batches) {
      const batch = validateValues(decodeNdjson(body))
      expect(batch.rejected).toEqual([])
      expect(batch.total).toBe(5_000)
    }
  })
})

describe('benchmark figures', () => {
  it('summarises latencies and rates', () => {
    expect(latencySummary([10, 30, 20, 40, 50])).toEqual({ p50: 30, p95: 48, max: 50 })
    expect(latencySummary([])).toEqual({ p50: null, p95: null, max: null })
    expect(perSecond(5_000, 100)).toBe(50_000)
    expect(perSecond(5, 0)).toBeNull()
    expect(ratio(30, 100)).toBe(0.3)
    expect(ratio(null, 100)).toBeNull()
  })
})
