import { describe, expect, it } from 'vitest'
import { readRefresh, refreshIntervalMs, withRefresh } from './auto-refresh'

describe('auto-refresh in the URL', () => {
  it('reads only the offered intervals; anything else is off', () => {
    expect(readRefresh(new URLSearchParams('refresh=1m'))).toBe('1m')
    expect(readRefresh(new URLSearchParams('refresh=5m'))).toBe('5m')
    expect(readRefresh(new URLSearchParams('refresh=5s'))).toBeUndefined()
    expect(readRefresh(new URLSearchParams(''))).toBeUndefined()
  })
  it('gives the interval in ms, or false for off', () => {
    expect(refreshIntervalMs('1m')).toBe(60_000)
    expect(refreshIntervalMs('15m')).toBe(900_000)
    expect(refreshIntervalMs(undefined)).toBe(false)
  })
  it('sets and clears the parameter after the filters, keeping the page parameters', () => {
    const current = new URLSearchParams('bins=15&to=2026-12-03&model=fraud')
    expect(withRefresh(current, '5m').toString()).toBe('model=fraud&to=2026-12-03&bins=15&refresh=5m')
    expect(withRefresh(new URLSearchParams('model=a&refresh=1m'), undefined).toString()).toBe('model=a')
  })
})
