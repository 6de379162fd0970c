import { Buffer } from 'node:buffer'
import { describe, expect, it } from 'vitest'
import { compareLabels } from './label-order'

describe('compareLabels', () => {
  it('orders by code point (UTF-8 byte order, as ClickHouse sorts String)', () => {
    const labels = ['b', '\u{1F600}', 'a', '\uFF5E', 'ab', 'B']
    expect([...labels].sort(compareLabels)).toEqual(['B', 'a', 'ab', 'b', '\uFF5E', '\u{1F600}'])
    // The default UTF-16 sort would put the astral emoji before U+FF5E.
    expect([...labels].sort()).not.toEqual([...labels].sort(compareLabels))
    const utf8Order = [...labels].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)))
    expect([...labels].sort(compareLabels)).toEqual(utf8Order)
  })
})
