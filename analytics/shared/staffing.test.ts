import { describe, expect, it } from 'vitest'
import { mulberry32 } from '@/test/prng'
import {
  erlangB,
  erlangC,
  forecastArrivals,
  meanWaitSeconds,
  occupancy,
  reviewerHoursPerDay,
  reviewersNeeded,
  serviceLevel,
  trafficOf,
  type HourlyArrivals,
} from './staffing.compute'

describe('Erlang C', () => {
  it('matches the SPEC §3.3 example (pyworkforce ErlangC test): 100 items per 30 min, 180 s handle, 14 reviewers', () => {
    const traffic = trafficOf(200, 180) // 100 per 30 minutes = 200 an hour
    expect(traffic).toBeCloseTo(10, 12)
    const queue = { traffic, agents: 14 }
    expect(erlangC(queue)).toBeCloseTo(0.1741, 4)
    expect(serviceLevel(queue, 180, 20)).toBeCloseTo(0.8884, 4)
    expect(meanWaitSeconds(queue, 180)).toBeCloseTo(7.8, 1)
    expect(occupancy(queue)).toBeCloseTo(0.7143, 4)
  })

  it('equals the closed form A^N/N!·N/(N−A) / (Σ_{k<N} A^k/k! + A^N/N!·N/(N−A)) (values computed by hand in Python)', () => {
    // N: [C, service level within 20 s, mean wait] for A = 10 Erlang, h = 180 s.
    const expected: Record<number, [number, number, number]> = {
      11: [0.682118, 0.389614, 122.7813],
      12: [0.449388, 0.640158, 40.4449],
      13: [0.28527, 0.795595, 17.1162],
      15: [0.102042, 0.941453, 3.6735],
    }
    for (const [agents, [c, sl, wait]] of Object.entries(expected)) {
      const queue = { traffic: 10, agents: Number(agents) }
      expect(erlangC(queue), `C at ${agents}`).toBeCloseTo(c, 6)
      expect(serviceLevel(queue, 180, 20), `SL at ${agents}`).toBeCloseTo(sl, 6)
      expect(meanWaitSeconds(queue, 180), `ASA at ${agents}`).toBeCloseTo(wait, 3)
    }
  })

  it('reduces to the M/M/1 and M/M/2 formulas: C = ρ, and C = 2ρ²/(1 + ρ)', () => {
    for (const rho of [0.1, 0.5, 0.9]) {
      expect(erlangC({ traffic: rho, agents: 1 })).toBeCloseTo(rho, 12)
      // M/M/1: the mean wait in queue is ρ/(μ − λ) = ρ·h/(1 − ρ).
      expect(meanWaitSeconds({ traffic: rho, agents: 1 }, 60)).toBeCloseTo((rho * 60) / (1 - rho), 9)
      expect(erlangC({ traffic: 2 * rho, agents: 2 })).toBeCloseTo((2 * rho * rho) / (1 + rho), 12)
    }
    // Erlang B of one server: A / (1 + A).
    expect(erlangB({ traffic: 3, agents: 1 })).toBeCloseTo(0.75, 12)
  })

  it('stays finite for large teams (the recursion, not A^N/N!)', () => {
    const c = erlangC({ traffic: 400, agents: 430 })
    expect(Number.isFinite(c)).toBe(true)
    expect(c).toBeGreaterThan(0)
    expect(c).toBeLessThan(1)
  })

  it('agrees with a simulation of the queue (M/M/14, FIFO, 200,000 arrivals)', () => {
    const random = mulberry32(7)
    const exponential = (mean: number) => -mean * Math.log(1 - random())
    const handle = 180
    const arrivalGap = 18 // 200 an hour: A = 10
    const free = Array<number>(14).fill(0)
    let clock = 0
    let waited = 0
    let within20 = 0
    let totalWait = 0
    const n = 200_000
    for (let i = 0; i < n; i++) {
      clock += exponential(arrivalGap)
      let next = 0
      for (let s = 1; s < free.length; s++) if (free[s] < free[next]) next = s
      const start = Math.max(clock, free[next])
      const wait = start - clock
      if (wait > 0) waited++
      if (wait <= 20) within20++
      totalWait += wait
      free[next] = start + exponential(handle)
    }
    const queue = { traffic: 10, agents: 14 }
    expect(waited / n).toBeCloseTo(erlangC(queue), 1)
    expect(Math.abs(waited / n - erlangC(queue))).toBeLessThan(0.015)
    expect(Math.abs(within20 / n - serviceLevel(queue, handle, 20))).toBeLessThan(0.015)
    expect(Math.abs(totalWait / n - meanWaitSeconds(queue, handle))).toBeLessThan(1)
  })

  it('treats an unstable queue (A ≥ N) as every arrival waiting, for ever', () => {
    expect(erlangC({ traffic: 5, agents: 5 })).toBe(1)
    expect(serviceLevel({ traffic: 6, agents: 5 }, 60, 600)).toBe(0)
    expect(meanWaitSeconds({ traffic: 6, agents: 5 }, 60)).toBe(Infinity)
    expect(erlangC({ traffic: 0, agents: 3 })).toBe(0)
  })
})

describe('reviewers needed', () => {
  it('is the fewest reviewers whose service level within the SLA meets the target', () => {
    // From the table above: 13 reviewers answer 79.6 % within 20 s, 14 answer 88.8 %, 15 answer 94.1 %.
    expect(reviewersNeeded({ arrivalsPerHour: 200, handleSeconds: 180, targetSeconds: 20, serviceLevelTarget: 0.8 })).toBe(14)
    expect(reviewersNeeded({ arrivalsPerHour: 200, handleSeconds: 180, targetSeconds: 20, serviceLevelTarget: 0.9 })).toBe(15)
    expect(reviewersNeeded({ arrivalsPerHour: 200, handleSeconds: 180, targetSeconds: 20, serviceLevelTarget: 0.79 })).toBe(13)
  })

  it('is the stable minimum when the SLA is long next to the handle time, and 0 without arrivals', () => {
    // 4 h SLA, 60 s handle, 30 an hour: A = 0.5; one reviewer answers almost everyone within hours.
    expect(reviewersNeeded({ arrivalsPerHour: 30, handleSeconds: 60, targetSeconds: 4 * 3600, serviceLevelTarget: 0.9 })).toBe(1)
    expect(reviewersNeeded({ arrivalsPerHour: 0, handleSeconds: 60, targetSeconds: 600, serviceLevelTarget: 0.9 })).toBe(0)
    // A whole number of Erlangs needs one more reviewer than it has: 120 an hour of 60 s is A = 2.
    expect(reviewersNeeded({ arrivalsPerHour: 120, handleSeconds: 60, targetSeconds: 4 * 3600, serviceLevelTarget: 0.9 })).toBe(3)
  })

  it('ends for a target of 1 (which no finite team reaches): the team answering all but one in a million in time', () => {
    const needed = reviewersNeeded({ arrivalsPerHour: 200, handleSeconds: 180, targetSeconds: 20, serviceLevelTarget: 1 })
    expect(serviceLevel({ traffic: 10, agents: needed }, 180, 20)).toBeGreaterThanOrEqual(1 - 1e-6)
    expect(serviceLevel({ traffic: 10, agents: needed - 1 }, 180, 20)).toBeLessThan(1 - 1e-6)
  })
})

describe('reviewer-hours per day', () => {
  it('is escalations × mean handle / target occupancy', () => {
    // 1,700 escalations of 90 s at 85 %: 1,700 × 90 / 3,600 / 0.85 = 50 hours.
    expect(reviewerHoursPerDay(1700, 90, 0.85)).toBeCloseTo(50, 12)
  })
})

describe('expected escalations per hour of day', () => {
  const DAY = 86_400_000
  const HOUR = 3_600_000
  const tomorrow = Date.UTC(2026, 11, 7) // a Monday

  function history(days: number, perHour: (weekday: number, hour: number) => number): HourlyArrivals[] {
    const rows: HourlyArrivals[] = []
    for (let d = days; d >= 1; d--) {
      const day = tomorrow - d * DAY
      for (let h = 0; h < 24; h++) rows.push({ hour: day + h * HOUR, arrivals: perHour(new Date(day).getUTCDay(), h) })
    }
    return rows
  }

  it('averages the same hour over every day when the days look alike', () => {
    const forecast = forecastArrivals(history(28, (_, h) => (h >= 8 && h < 18 ? 10 : 1)), tomorrow)
    expect(forecast.basis).toBe('every_day')
    expect(forecast.days).toBe(28)
    expect(forecast.perHour[9]).toBe(10)
    expect(forecast.perHour[3]).toBe(1)
  })

  it('uses the same weekday when weekends differ', () => {
    // Weekdays 10 an hour in office hours, weekends 2: Monday's forecast is a weekday's.
    const forecast = forecastArrivals(history(28, (weekday, h) => (h >= 8 && h < 18 ? (weekday === 0 || weekday === 6 ? 2 : 10) : 0)), tomorrow)
    expect(forecast.basis).toBe('same_weekday')
    expect(forecast.perHour[9]).toBe(10)
    const sunday = forecastArrivals(history(28, (weekday, h) => (h >= 8 && h < 18 ? (weekday === 0 || weekday === 6 ? 2 : 10) : 0)), tomorrow - DAY)
    expect(sunday.perHour[9]).toBe(2)
  })

  it('averages hand-made days exactly, counting days without escalations as zero', () => {
    // Three days of history: hour 10 had 3, 0 (no row) and 6 → 3.
    const rows: HourlyArrivals[] = [
      { hour: tomorrow - 3 * DAY + 10 * HOUR, arrivals: 3 },
      { hour: tomorrow - 1 * DAY + 10 * HOUR, arrivals: 6 },
      { hour: tomorrow - 1 * DAY + 11 * HOUR, arrivals: 4 },
      { hour: tomorrow + 10 * HOUR, arrivals: 99 }, // the forecast day itself: not history
    ]
    const forecast = forecastArrivals(rows, tomorrow)
    expect(forecast.days).toBe(3)
    expect(forecast.perHour[10]).toBe(3)
    expect(forecast.perHour[11]).toBeCloseTo(4 / 3, 12)
    expect(forecastArrivals([], tomorrow)).toEqual({ perHour: Array(24).fill(0), basis: 'none', days: 0 })
  })
})
