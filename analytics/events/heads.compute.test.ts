import { describe, expect, it } from 'vitest'
import { computeHeadChanges, isLater, type HeadCandidate } from './heads.compute'

const c = (key: string, ts: string, event_id: string): HeadCandidate => ({ key, ts: `2026-11-01 ${ts}.000`, event_id })

describe('computeHeadChanges', () => {
  it('keeps the first event of a new key as its head', () => {
    expect(computeHeadChanges(new Map(), [c('a', '10:00:00', 'e1')])).toEqual({ heads: [c('a', '10:00:00', 'e1')], superseded: [] })
  })

  it('supersedes the stored head when a later event arrives', () => {
    const stored = new Map([['a', c('a', '10:00:00', 'e1')]])
    expect(computeHeadChanges(stored, [c('a', '11:00:00', 'e2')])).toEqual({ heads: [c('a', '11:00:00', 'e2')], superseded: [c('a', '10:00:00', 'e1')] })
  })

  it('supersedes a late-arriving older event and leaves the head alone', () => {
    const stored = new Map([['a', c('a', '11:00:00', 'e2')]])
    expect(computeHeadChanges(stored, [c('a', '10:00:00', 'e1')])).toEqual({ heads: [], superseded: [c('a', '10:00:00', 'e1')] })
  })

  it('folds several events of one key in a batch, in any order', () => {
    const batch = [c('a', '10:00:00', 'e1'), c('a', '12:00:00', 'e3'), c('a', '11:00:00', 'e2'), c('b', '09:00:00', 'e4')]
    const { heads, superseded } = computeHeadChanges(new Map(), batch)
    expect(heads).toEqual([c('a', '12:00:00', 'e3'), c('b', '09:00:00', 'e4')])
    expect(superseded.map((s) => s.event_id).sort()).toEqual(['e1', 'e2'])
  })

  it('breaks a tie in ts by event_id in byte order, as argMax(tuple(ts, event_id)) does', () => {
    expect(isLater(c('a', '10:00:00', 'b'), c('a', '10:00:00', 'a'))).toBe(true)
    // 'é' (U+00E9, UTF-8 C3 A9) sorts after 'z' in bytes and in UTF-16 alike; U+FF5E (EF BD 9E) after U+1F600 (F0 ..) only in UTF-16.
    expect(isLater(c('a', '10:00:00', '\u{1F600}'), c('a', '10:00:00', '\uFF5E'))).toBe(true)
  })
})
