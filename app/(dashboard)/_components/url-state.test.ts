import { describe, expect, it } from 'vitest'
import { nameOptions } from './option-select'
import { isStepKey, mergeWrite, shownOptions } from './url-state'

describe('mergeWrite', () => {
  it('merges the patches of a burst, the first write deciding that it pushes', () => {
    const first = mergeWrite<{ model?: string; segment?: string }>(null, { model: 'a' }, 'push')
    expect(first).toEqual({ patch: { model: 'a' }, mode: 'push' })
    // A later step of the same choice replaces: the burst still pushes once.
    expect(mergeWrite(first, { model: 'b', segment: undefined }, 'replace')).toEqual({ patch: { model: 'b', segment: undefined }, mode: 'push' })
  })
  it('keeps replacing when the burst began with a replace (steps after a pause)', () => {
    expect(mergeWrite(mergeWrite(null, { model: 'a' }, 'replace'), { model: 'b' }, 'replace').mode).toBe('replace')
  })
})

describe('shownOptions', () => {
  const fromUrl = { strategy: 'uniform', bins: 10, groupBy: null as string | null }
  it('is the URL without a choice', () => {
    expect(shownOptions(fromUrl, 'a=1', null)).toEqual({ shown: fromUrl, behind: false })
  })
  it('lays a choice made on this URL over it, behind until the URL holds it', () => {
    expect(shownOptions(fromUrl, 'a=1', { patch: { groupBy: 'model' }, for: 'a=1' })).toEqual({ shown: { ...fromUrl, groupBy: 'model' }, behind: true })
  })
  it('is not behind when the choice is what the URL already says (nothing was written)', () => {
    expect(shownOptions(fromUrl, 'a=1', { patch: { bins: 10 }, for: 'a=1' })).toEqual({ shown: fromUrl, behind: false })
  })
  it('drops the choice once the URL changes: the write landed, or back, or another control', () => {
    expect(shownOptions(fromUrl, 'a=2', { patch: { groupBy: 'model' }, for: 'a=1' })).toEqual({ shown: fromUrl, behind: false })
  })
})

describe('isStepKey', () => {
  it('counts arrows, paging and type-ahead, not space or Tab', () => {
    expect(['ArrowDown', 'ArrowUp', 'Home', 'End', 'PageDown', 'k'].every(isStepKey)).toBe(true)
    expect([' ', 'Tab', 'Enter', 'Escape'].some(isStepKey)).toBe(false)
  })
})

describe('nameOptions', () => {
  it('sorts as people count, without blanks, and keeps the chosen name listed', () => {
    expect(nameOptions(['kyc-10', 'kyc-2', '', 'kyc-2'], undefined).map((o) => o.value)).toEqual(['kyc-2', 'kyc-10'])
    expect(nameOptions(['r02'], 'r01')).toEqual([
      { value: 'r01', label: 'r01' },
      { value: 'r02', label: 'r02' },
    ])
  })
})
