import { describe, expect, it } from 'vitest'
import type { CapacityEntry } from './capacity.schema'
import { resolveCapacity } from './resolve'

// Hand-made cases for the resolution order of SPEC §3.3:
// (queue, model) > (queue, any model) > ("", model) > ("", any model) > the SPEC defaults.

const staffed = (n: number) => Array.from({ length: 24 }, () => n)
const entry = (queue: string, model: string | null, slaMinutes: number): CapacityEntry => ({
  queue,
  model,
  slaMinutes,
  slaTarget: 0.8,
  targetOccupancy: 0.75,
  staffed: staffed(slaMinutes / 10),
})

// Each entry's SLA tells which one was picked.
const ALL = [entry('', null, 10), entry('', 'fraud', 20), entry('kyc', null, 30), entry('kyc', 'fraud', 40)]

describe('resolveCapacity', () => {
  it('picks the most specific entry', () => {
    const cases: Array<[string, string, number, string]> = [
      // model, queue → SLA, match
      ['fraud', 'kyc', 40, 'queue_model'],
      ['spam', 'kyc', 30, 'queue'],
      ['fraud', 'payments', 20, 'default_model'],
      ['spam', 'payments', 10, 'default'],
      // No queue: the default queue's entries.
      ['fraud', '', 20, 'default_model'],
      ['spam', '', 10, 'default'],
    ]
    for (const [model, queue, sla, match] of cases) {
      const resolved = resolveCapacity(ALL, model, queue)
      expect([resolved.slaMinutes, resolved.match], `${model} in ${queue}`).toEqual([sla, match])
      expect(resolved.staffed).toEqual(staffed(sla / 10))
      expect(resolved.entry?.slaMinutes).toBe(sla)
    }
  })

  it('skips levels that are missing, in order', () => {
    // Without (queue, any model), (queue, model) still wins, and another model of that queue falls to the defaults.
    const noQueueDefault = [entry('', null, 10), entry('', 'fraud', 20), entry('kyc', 'fraud', 40)]
    expect(resolveCapacity(noQueueDefault, 'fraud', 'kyc').match).toBe('queue_model')
    expect(resolveCapacity(noQueueDefault, 'spam', 'kyc')).toMatchObject({ match: 'default', slaMinutes: 10 })
    // A queue's own entry beats the default queue's entry for the model.
    expect(resolveCapacity([entry('', 'fraud', 20), entry('kyc', null, 30)], 'fraud', 'kyc')).toMatchObject({ match: 'queue', slaMinutes: 30 })
    // Only a model entry in the default queue: other models get the SPEC defaults.
    expect(resolveCapacity([entry('', 'fraud', 20)], 'spam', 'kyc').match).toBe('none')
  })

  it('gives the SPEC defaults, with no staffing, when nothing applies', () => {
    const expected = { slaMinutes: 240, slaTarget: 0.9, targetOccupancy: 0.85, staffed: null, match: 'none', entry: null }
    expect(resolveCapacity([], 'fraud', 'kyc')).toEqual(expected)
    expect(resolveCapacity([entry('kyc', null, 30), entry('other', 'fraud', 40)], 'fraud', 'payments')).toEqual(expected)
  })

  it('matches names exactly: case, spaces and "" are different queues and models', () => {
    const entries = [entry('KYC', null, 30), entry('kyc ', null, 40), entry('', null, 10)]
    expect(resolveCapacity(entries, 'fraud', 'kyc').match).toBe('default')
    expect(resolveCapacity(entries, 'fraud', 'KYC').slaMinutes).toBe(30)
    // A model named like a queue is not a queue.
    expect(resolveCapacity([entry('', 'kyc', 20)], 'fraud', 'kyc').match).toBe('none')
  })

  it('answers the same for a new array with other entries (no stale lookup)', () => {
    expect(resolveCapacity([entry('', null, 10)], 'm', 'q').slaMinutes).toBe(10)
    expect(resolveCapacity([entry('', null, 50)], 'm', 'q').slaMinutes).toBe(50)
    // With duplicates (the API refuses them), the first wins.
    expect(resolveCapacity([entry('q', null, 60), entry('q', null, 70)], 'm', 'q').slaMinutes).toBe(60)
  })
})
