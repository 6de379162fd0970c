import { describe, expect, it } from 'vitest'
import type { MetaModel } from '../_queries'
import { activeFilterCount, dataBounds, filterSummary, modelOptions, queueOptions, rangeOutsideData, segmentOptions, versionOptions, withSelected } from './filter-options'
import { isActivePath } from './nav-items'

const models: MetaModel[] = [
  { model: 'fraud-detector', segments: ['US', 'EU', ''], versions: ['v2', 'v1'], queues: ['kyc-10', 'kyc-2', ''], first_ts: '2026-10-01T03:00:00.000Z', last_ts: '2026-11-23T22:10:00.000Z' },
  { model: 'content-moderation', segments: ['EU', 'APAC'], versions: ['2026.10'], queues: ['moderation', 'kyc-2'], first_ts: '2026-09-15T00:00:00.000Z', last_ts: '2026-11-20T08:00:00.000Z' },
  { model: 'empty-model', segments: [], versions: [], queues: [], first_ts: null, last_ts: null },
]

describe('filter options', () => {
  it('lists models sorted', () => {
    expect(modelOptions(models).map((o) => o.value)).toEqual(['content-moderation', 'empty-model', 'fraud-detector'])
  })
  it('offers the chosen model’s segments and versions, without blanks', () => {
    expect(segmentOptions(models, 'fraud-detector').map((o) => o.value)).toEqual(['EU', 'US'])
    expect(versionOptions(models, 'fraud-detector').map((o) => o.value)).toEqual(['v1', 'v2'])
  })
  it('offers every model’s segments and versions when none is chosen, deduplicated', () => {
    expect(segmentOptions(models, undefined).map((o) => o.value)).toEqual(['APAC', 'EU', 'US'])
    expect(versionOptions(models, undefined).map((o) => o.value)).toEqual(['2026.10', 'v1', 'v2'])
  })
  it('offers the review queues of the chosen model, or of every model, sorted as people count, without blanks', () => {
    expect(queueOptions(models, 'fraud-detector').map((o) => o.value)).toEqual(['kyc-2', 'kyc-10'])
    expect(queueOptions(models, undefined).map((o) => o.value)).toEqual(['kyc-2', 'kyc-10', 'moderation'])
    expect(queueOptions(models, 'empty-model')).toEqual([])
  })
  it('falls back to all models for an unknown model', () => {
    expect(segmentOptions(models, 'nope').map((o) => o.value)).toEqual(['APAC', 'EU', 'US'])
  })
  it('keeps a selected value that is not listed, marked', () => {
    expect(withSelected([{ value: 'a', label: 'a' }], 'b')).toEqual([
      { value: 'a', label: 'a' },
      { value: 'b', label: 'b (no data)' },
    ])
    expect(withSelected([{ value: 'a', label: 'a' }], 'a')).toHaveLength(1)
    expect(withSelected([], undefined)).toEqual([])
  })
})

describe('dataBounds', () => {
  it('spans the UTC days with data of the chosen model', () => {
    expect(dataBounds(models, 'fraud-detector')).toEqual({ first: '2026-10-01', last: '2026-11-23' })
  })
  it('spans every model when none is chosen', () => {
    expect(dataBounds(models, undefined)).toEqual({ first: '2026-09-15', last: '2026-11-23' })
  })
  it('is null without data', () => {
    expect(dataBounds(models, 'empty-model')).toBeNull()
    expect(dataBounds([], undefined)).toBeNull()
  })
})

describe('isActivePath', () => {
  it('matches a page and its sub-pages only', () => {
    expect(isActivePath('/overview', '/overview')).toBe(true)
    expect(isActivePath('/settings/users', '/settings')).toBe(true)
    expect(isActivePath('/oversight', '/overview')).toBe(false)
    expect(isActivePath('/overviews', '/overview')).toBe(false)
  })
})

describe('the filters in one line (phones)', () => {
  it('names the model, segment, version and the range in UTC', () => {
    expect(filterSummary({ model: 'fraud-detector', segment: 'EU', from: '2026-11-20', to: '2026-12-03' }, { from: '2026-11-20', to: '2026-12-03' }, false)).toBe(
      'fraud-detector · EU · Nov 20 – Dec 3, 2026 (UTC)',
    )
  })
  it('says all models and marks the default range', () => {
    expect(filterSummary({}, { from: '2026-11-04', to: '2026-12-03' }, true)).toBe('All models · Nov 4 – Dec 3, 2026 (default, UTC)')
    expect(filterSummary({ model_version: 'v2' }, {}, true)).toBe('All models · v2')
    expect(filterSummary({ from: '2026-11-04' }, { from: '2026-11-04' }, false)).toBe('All models · from Nov 4, 2026 (UTC)')
  })
  it('counts the dates as one filter, and the default range as none', () => {
    expect(activeFilterCount({})).toBe(0)
    expect(activeFilterCount({ model: 'a', from: '2026-11-01', to: '2026-11-02' })).toBe(2)
    expect(activeFilterCount({ segment: 'EU', model_version: 'v1', to: '2026-11-02' })).toBe(3)
  })
})

describe('a range outside the data', () => {
  const bounds = { first: '2026-11-20', last: '2026-12-03' }
  it('names the last day with data for a range after it, the first for one before it', () => {
    expect(rangeOutsideData({ from: '2026-12-10', to: '2026-12-17' }, bounds)).toEqual({ side: 'after', day: '2026-12-03' })
    expect(rangeOutsideData({ from: '2026-10-01', to: '2026-11-19' }, bounds)).toEqual({ side: 'before', day: '2026-11-20' })
  })
  it('is null when the range meets the data, or nothing is known', () => {
    expect(rangeOutsideData({ from: '2026-12-03', to: '2026-12-17' }, bounds)).toBeNull()
    expect(rangeOutsideData({}, bounds)).toBeNull()
    expect(rangeOutsideData({ from: '2027-01-01' }, null)).toBeNull()
  })
})
