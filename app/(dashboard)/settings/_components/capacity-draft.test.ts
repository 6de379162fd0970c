import { describe, expect, it } from 'vitest'
import type { CapacityEntryJson } from '@/lib/capacity/capacity.schema'
import {
  describeCapacityChange,
  draftBody,
  draftDiffers,
  entryTitle,
  errorKey,
  hourRange,
  newDraftEntry,
  placeErrors,
  staffingSummary,
  toDraft,
} from './capacity-draft'
import { describeChange } from './prepare'

const hours = (f: (hour: number) => number) => Array.from({ length: 24 }, (_, hour) => f(hour))
const saved: CapacityEntryJson[] = [
  { queue: '', model: null, sla_minutes: 240, sla_target: 0.9, target_occupancy: 0.85, staffed: hours((h) => (h >= 8 && h < 18 ? 5 : 1)) },
  { queue: 'kyc', model: 'fraud', sla_minutes: 30.5, sla_target: 0.57, target_occupancy: 1, staffed: hours(() => 2) },
]

describe('toDraft and draftBody', () => {
  it('shows shares in percent without binary noise, and sends them back as the same shares', () => {
    const draft = toDraft(saved)
    expect(draft[1]).toMatchObject({ id: 'saved-1', queue: 'kyc', model: 'fraud', slaMinutes: '30.5', slaTargetPercent: '57', targetOccupancyPercent: '100' })
    expect(draft[0]).toMatchObject({ model: '', slaTargetPercent: '90', targetOccupancyPercent: '85' })
    expect(draftBody(draft)).toEqual({ entries: saved })
    expect(draftDiffers(draft, saved)).toBe(false)
    // 33.3 % is 0.333, not 0.33299999999999996.
    expect(draftBody([{ ...draft[0], slaTargetPercent: '33.3' }]).entries[0].sla_target).toBe(0.333)
  })

  it('sends what cannot be read as null, for the server to name', () => {
    const [entry] = toDraft(saved)
    const body = draftBody([{ ...entry, slaMinutes: '', slaTargetPercent: 'abc', staffed: entry.staffed.map((v, h) => (h === 3 ? '' : h === 4 ? '1.5' : v)) }])
    expect(body.entries[0]).toMatchObject({ sla_minutes: null, sla_target: null, model: null })
    expect(body.entries[0].staffed.slice(2, 6)).toEqual([1, null, 1.5, 1])
  })

  it('knows when an edit is undone', () => {
    const draft = toDraft(saved)
    expect(draftDiffers([{ ...draft[0], slaMinutes: '120' }, draft[1]], saved)).toBe(true)
    expect(draftDiffers([{ ...draft[0], slaMinutes: '240.0' }, draft[1]], saved)).toBe(false)
    expect(draftDiffers([draft[0]], saved)).toBe(true)
  })
})

describe('newDraftEntry', () => {
  it('is the default entry first, then starts from the default entry', () => {
    expect(newDraftEntry([], 'n1')).toEqual({
      id: 'n1',
      queue: '',
      model: '',
      slaMinutes: '240',
      slaTargetPercent: '90',
      targetOccupancyPercent: '85',
      staffed: hours(() => 0).map(String),
    })
    const draft = toDraft(saved)
    expect(newDraftEntry(draft, 'n2')).toEqual({ ...draft[0], id: 'n2' })
  })
})

describe('placeErrors', () => {
  it('puts each server issue on the input it names, by the entry sent at that index', () => {
    const draft = toDraft(saved)
    const placed = placeErrors(draft, [
      { path: 'entries.1.staffed.5', message: 'must be a whole number ≥ 0' },
      { path: 'entries.0.sla_target', message: 'must be more than 0 and at most 1' },
      { path: 'entries.1.staffed', message: 'must list exactly 24 numbers' },
      { path: 'entries.1.queue', message: 'listed twice' },
      { path: 'entries.0.extra', message: 'unknown field' },
      { path: 'entries', message: 'must hold at most 200 entries' },
      { path: 'entries.9.queue', message: 'required' },
    ])
    expect(placed.fields).toEqual({
      [errorKey('saved-1', 'staffed.5')]: 'must be a whole number ≥ 0',
      [errorKey('saved-0', 'slaTargetPercent')]: 'must be more than 0 and at most 1',
      [errorKey('saved-1', 'staffed')]: 'must list exactly 24 numbers',
      [errorKey('saved-1', 'queue')]: 'listed twice',
      [errorKey('saved-0', '')]: 'extra: unknown field',
    })
    expect(placed.general).toEqual(['must hold at most 200 entries', 'entries.9.queue: required'])
    expect(placed.first).toBe(errorKey('saved-1', 'staffed.5'))
  })
})

describe('small texts', () => {
  it('summarises staffing, names hours and entries', () => {
    expect(staffingSummary(saved[0].staffed.map(String))).toEqual({ reviewerHours: 64, peak: 5 })
    expect(staffingSummary(['', 'x', '-3', '2.5'])).toEqual({ reviewerHours: 2.5, peak: 2.5 })
    expect(hourRange(0)).toBe('00:00–01:00 UTC')
    expect(hourRange(23)).toBe('23:00–00:00 UTC')
    expect(entryTitle('', null)).toBe('All queues (default) · any model')
    expect(entryTitle('kyc', 'fraud')).toBe('kyc · model fraud')
  })
})

describe('describeCapacityChange', () => {
  it('says which entries were added, changed and removed', () => {
    const [base, kyc] = saved
    const payload = (before: CapacityEntryJson[], after: CapacityEntryJson[]) => ({ before, after })
    expect(describeCapacityChange(payload([], [base]))).toBe('updated capacity settings: added the default queue "" and any model')
    expect(describeCapacityChange(payload([base, kyc], [{ ...base, sla_minutes: 60 }, { ...kyc, queue: 'aml' }]))).toBe(
      'updated capacity settings: added queue "aml" and model "fraud", changed the default queue "" and any model, removed queue "kyc" and model "fraud"',
    )
    expect(describeCapacityChange(payload([base, kyc], []))).toBe(
      'cleared the capacity settings (removed the default queue "" and any model; queue "kyc" and model "fraud")',
    )
    expect(describeCapacityChange({})).toBe('updated capacity settings')
    expect(describeChange({ action: 'capacity.update', subject: 'settings:capacity', payload: payload([base], [base, kyc]) })).toBe(
      'updated capacity settings: added queue "kyc" and model "fraud"',
    )
  })
})
