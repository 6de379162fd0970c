import { describe, expect, it } from 'vitest'
import { ConcurrencyGate, GateFullError } from './hash-gate'

describe('ConcurrencyGate', () => {
  it('runs at most maxRunning tasks at once, queues maxWaiting, refuses the rest at once', async () => {
    const gate = new ConcurrencyGate(1, 2)
    let running = 0
    let peak = 0
    const releases: Array<() => void> = []
    const task = () =>
      new Promise<string>((resolve) => {
        running++
        peak = Math.max(peak, running)
        releases.push(() => {
          running--
          resolve('done')
        })
      })
    const results = Array.from({ length: 5 }, () => gate.run(task).then(String, (e: unknown) => e))
    // Two of five were refused without waiting.
    const refused = await Promise.all(results.slice(3))
    expect(refused.every((e) => e instanceof GateFullError)).toBe(true)
    expect(gate.load).toEqual({ running: 1, waiting: 2 })
    for (let i = 0; i < 3; i++) {
      await new Promise((r) => setTimeout(r, 0))
      releases.shift()?.()
    }
    expect(await Promise.all(results.slice(0, 3))).toEqual(['done', 'done', 'done'])
    expect(peak).toBe(1)
    expect(gate.load).toEqual({ running: 0, waiting: 0 })
  })

  it('puts priority tasks first and never refuses them', async () => {
    const gate = new ConcurrencyGate(1, 1)
    const order: string[] = []
    let release = () => {}
    const blocker = gate.run(() => new Promise<void>((resolve) => (release = resolve)))
    const queued = gate.run(async () => void order.push('stranger'))
    await expect(gate.run(async () => 'refused')).rejects.toBeInstanceOf(GateFullError)
    const known = gate.run(async () => void order.push('known'), { priority: true })
    const known2 = gate.run(async () => void order.push('known2'), { priority: true })
    release()
    await Promise.all([blocker, queued, known, known2])
    expect(order).toEqual(['known', 'known2', 'stranger'])
  })

  it('frees the slot when a task throws', async () => {
    const gate = new ConcurrencyGate(1, 0)
    await expect(gate.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom')
    expect(await gate.run(async () => 42)).toBe(42)
  })
})
