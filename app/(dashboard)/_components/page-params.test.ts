import { describe, expect, it } from 'vitest'
import { linkQuery, readPageParam, withPageParams } from './page-params'

describe('withPageParams', () => {
  const keys = ['bins', 'strategy'] as const
  it('keeps the filters first and puts page keys after them in their order', () => {
    const current = new URLSearchParams('strategy=quantile&model=m&other=1&from=2026-11-01')
    expect(withPageParams(current, keys, { bins: '15' }).toString()).toBe('model=m&from=2026-11-01&other=1&bins=15&strategy=quantile')
  })
  it('removes a key set to undefined or blank', () => {
    const current = new URLSearchParams('model=m&bins=20&strategy=quantile')
    expect(withPageParams(current, keys, { bins: undefined, strategy: ' ' }).toString()).toBe('model=m')
  })
  it('does not mutate its input', () => {
    const current = new URLSearchParams('bins=20')
    withPageParams(current, keys, { bins: '5' })
    expect(current.toString()).toBe('bins=20')
  })
  it('refuses filter keys', () => {
    expect(() => withPageParams(new URLSearchParams(), ['model'], { model: 'x' })).toThrow()
  })
})

describe('readPageParam', () => {
  it('trims and drops blanks and overlong values', () => {
    expect(readPageParam(new URLSearchParams('a=%20x%20'), 'a')).toBe('x')
    expect(readPageParam(new URLSearchParams('a='), 'a')).toBeUndefined()
    expect(readPageParam(new URLSearchParams(`a=${'x'.repeat(300)}`), 'a')).toBeUndefined()
    expect(readPageParam(new URLSearchParams(''), 'a')).toBeUndefined()
  })
})

describe('linkQuery', () => {
  it('carries the filters and the auto-refresh to another page, not the page parameters', () => {
    expect(linkQuery(new URLSearchParams('bins=15&refresh=5m&from=2026-11-01&model=m'))).toBe('?model=m&from=2026-11-01&refresh=5m')
    expect(linkQuery(new URLSearchParams('bins=15&refresh=7s'))).toBe('')
  })
})
