import { describe, expect, it } from 'vitest'
import { readJsonDocument } from './json'
import { FileFormatError } from './record'

const bytes = (text: string) => new TextEncoder().encode(text)

describe('readJsonDocument', () => {
  it('reads an array in batches', () => {
    const chunks = [...readJsonDocument(bytes('\uFEFF[{"a":1},{"a":2},3]'), 2)]
    expect(chunks).toEqual([{ values: [{ value: { a: 1 } }, { value: { a: 2 } }] }, { values: [{ value: 3 }] }])
  })

  it('reads one pretty-printed object as one event', () => {
    expect([...readJsonDocument(bytes('{\n  "type": "outcome"\n}\n'), 10)]).toEqual([{ values: [{ value: { type: 'outcome' } }] }])
  })

  it('refuses what is not a JSON array or object', () => {
    expect(() => [...readJsonDocument(bytes('[{"a":1},'), 10)]).toThrow(FileFormatError)
    expect(() => [...readJsonDocument(bytes('42'), 10)]).toThrow(/expected a JSON array/)
  })
})
