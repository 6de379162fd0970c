import { describe, expect, it } from 'vitest'
import {
  activePreset,
  addDays,
  filterQueryFromSearchParams,
  filterQueryString,
  filtersFromSearchParams,
  isDay,
  presetRange,
  readUrlFilters,
  searchParamsFromFilters,
  toApiFilters,
  updateSearchParams,
  urlFiltersFromApiFilters,
} from './filters'

describe('day helpers', () => {
  it('validates calendar days', () => {
    expect(isDay('2026-11-24')).toBe(true)
    expect(isDay('2024-02-29')).toBe(true)
    expect(isDay('2026-02-29')).toBe(false)
    expect(isDay('2026-13-01')).toBe(false)
    expect(isDay('2026-1-1')).toBe(false)
    expect(isDay('2026-11-24T00:00:00Z')).toBe(false)
  })
  it('adds days across months, years and leap days in UTC', () => {
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01')
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29')
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01')
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28')
    // A DST change in most zones: UTC arithmetic is unaffected.
    expect(addDays('2026-10-25', 1)).toBe('2026-10-26')
  })
})

describe('filtersFromSearchParams (URL → API)', () => {
  it('turns the inclusive last day into the half-open bound of the next midnight', () => {
    const params = new URLSearchParams('model=fraud-detector&segment=EU&model_version=v2&from=2026-11-01&to=2026-11-07')
    expect(filtersFromSearchParams(params)).toEqual({
      model: 'fraud-detector',
      segment: 'EU',
      model_version: 'v2',
      from: '2026-11-01T00:00:00.000Z',
      to: '2026-11-08T00:00:00.000Z',
    })
  })
  it('handles a one-day range and month ends', () => {
    expect(filtersFromSearchParams(new URLSearchParams('from=2026-11-30&to=2026-11-30'))).toEqual({
      from: '2026-11-30T00:00:00.000Z',
      to: '2026-12-01T00:00:00.000Z',
    })
  })
  it('drops blank values and malformed days', () => {
    expect(filtersFromSearchParams(new URLSearchParams('model=&segment=%20&from=yesterday&to=2026-02-30'))).toEqual({})
  })
  it('accepts a Next page searchParams object (first of repeated values)', () => {
    expect(filtersFromSearchParams({ model: ['a', 'b'], to: '2026-11-07', other: 'x' })).toEqual({
      model: 'a',
      to: '2026-11-08T00:00:00.000Z',
    })
  })
  it('ignores other parameters', () => {
    expect(filtersFromSearchParams(new URLSearchParams('bins=20&model=m'))).toEqual({ model: 'm' })
  })
})

describe('urlFiltersFromApiFilters (API → URL)', () => {
  it('turns a midnight exclusive bound back into the last included day', () => {
    expect(
      urlFiltersFromApiFilters({ model: null, segment: null, model_version: null, from: '2026-10-25T00:00:00.000Z', to: '2026-11-24T00:00:00.000Z' }),
    ).toEqual({ from: '2026-10-25', to: '2026-11-23' })
  })
  it('keeps a partly included last day', () => {
    expect(urlFiltersFromApiFilters({ from: '2026-10-25T06:00:00Z', to: '2026-11-24T13:30:00.000Z' })).toEqual({
      from: '2026-10-25',
      to: '2026-11-24',
    })
  })
  it('round-trips with toApiFilters', () => {
    const url = { model: 'm', segment: 's', model_version: 'v', from: '2026-02-27', to: '2026-02-28' }
    expect(urlFiltersFromApiFilters(toApiFilters(url))).toEqual(url)
  })
  it('drops unparseable timestamps', () => {
    expect(urlFiltersFromApiFilters({ from: 'soon', to: undefined })).toEqual({})
  })
})

describe('URL writing', () => {
  it('writes keys in a fixed order so equal views give equal links', () => {
    expect(searchParamsFromFilters({ to: '2026-11-07', model: 'm', from: '2026-11-01' }).toString()).toBe('model=m&from=2026-11-01&to=2026-11-07')
    expect(filterQueryString({})).toBe('')
    expect(filterQueryString({ segment: 'EU / north' })).toBe('?segment=EU+%2F+north')
  })
  it('reads back what it wrote', () => {
    const filters = { model: 'a&b', segment: 'x=y', model_version: '1.0', from: '2026-01-01', to: '2026-01-31' }
    expect(readUrlFilters(searchParamsFromFilters(filters))).toEqual(filters)
  })
  it('updates filters, keeps other parameters and clears with undefined', () => {
    const current = new URLSearchParams('bins=20&model=a&segment=EU&from=2026-11-01')
    expect(updateSearchParams(current, { model: 'b', segment: undefined }).toString()).toBe('model=b&from=2026-11-01&bins=20')
    expect(updateSearchParams(current, { from: 'not-a-day' }).toString()).toBe('model=a&segment=EU&bins=20')
    // The original is not mutated (Next's search params are read-only).
    expect(current.toString()).toBe('bins=20&model=a&segment=EU&from=2026-11-01')
  })
  it('carries only the filters to other pages', () => {
    expect(filterQueryFromSearchParams(new URLSearchParams('bins=20&model=a'))).toBe('?model=a')
  })
})

describe('date presets', () => {
  const bounds = { first: '2026-10-01', last: '2026-11-23' }
  it('count back from the last day with data, inclusive', () => {
    expect(presetRange('7d', bounds)).toEqual({ from: '2026-11-17', to: '2026-11-23' })
    expect(presetRange('14d', bounds)).toEqual({ from: '2026-11-10', to: '2026-11-23' })
    expect(presetRange('30d', bounds)).toEqual({ from: '2026-10-25', to: '2026-11-23' })
    expect(presetRange('all', bounds)).toEqual({ from: '2026-10-01', to: '2026-11-23' })
  })
  it('recognise the preset a URL range equals', () => {
    expect(activePreset({ from: '2026-11-17', to: '2026-11-23' }, bounds)).toBe('7d')
    expect(activePreset({ from: '2026-10-01', to: '2026-11-23' }, bounds)).toBe('all')
    expect(activePreset({ from: '2026-11-16', to: '2026-11-23' }, bounds)).toBeNull()
    expect(activePreset({}, bounds)).toBeNull()
    expect(activePreset({ from: '2026-11-17', to: '2026-11-23' }, null)).toBeNull()
  })
})
