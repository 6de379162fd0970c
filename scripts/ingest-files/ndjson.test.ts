import { describe, expect, it } from 'vitest'
import { MAX_LINE_BYTES, readNdjson } from './ndjson'
import type { DecodedChunk } from './record'

async function* pieces(...parts: Array<string | Uint8Array>): AsyncGenerator<Uint8Array> {
  for (const part of parts) yield typeof part === 'string' ? Buffer.from(part) : part
}

async function collect(source: AsyncIterable<DecodedChunk>): Promise<DecodedChunk[]> {
  const out: DecodedChunk[] = []
  for await (const chunk of source) out.push(chunk)
  return out
}

describe('readNdjson', () => {
  it('joins lines split across chunks, skips blank lines and keeps line numbers', async () => {
    const chunks = await collect(readNdjson(pieces('{"a":1}\n\n{"a"', ':2}\r\n   \n{"a":3}'), 10))
    expect(chunks).toEqual([{ values: [{ value: { a: 1 } }, { value: { a: 2 } }, { value: { a: 3 } }], lines: [1, 3, 5] }])
  })

  it('rejects a malformed line on its own, with the API message', async () => {
    const [chunk] = await collect(readNdjson(pieces('{"a":1}\n{"a":\n[1]\n'), 10))
    expect(chunk.values).toEqual([{ value: { a: 1 } }, { error: 'line: is not valid JSON (truncated or malformed)' }, { value: [1] }])
    expect(chunk.lines).toEqual([1, 2, 3])
  })

  it('yields at most batchSize values per chunk', async () => {
    const text = Array.from({ length: 7 }, (_, i) => JSON.stringify({ i })).join('\n')
    const chunks = await collect(readNdjson(pieces(text), 3))
    expect(chunks.map((c) => c.values.length)).toEqual([3, 3, 1])
    expect(chunks[2].lines).toEqual([7])
  })

  it('drops a UTF-8 byte-order mark and rejects a line that is not UTF-8', async () => {
    const [chunk] = await collect(readNdjson(pieces(Uint8Array.of(0xef, 0xbb, 0xbf), '{"a":1}\n', Uint8Array.of(0x22, 0xe9, 0x22, 0x0a)), 10))
    expect(chunk.values).toEqual([{ value: { a: 1 } }, { error: 'line: is not valid UTF-8' }])
  })

  it('rejects an over-long line without buffering it and goes on with the next', async () => {
    const long = Buffer.alloc(MAX_LINE_BYTES + 10, 0x61)
    const [chunk] = await collect(readNdjson(pieces(long.subarray(0, 1000), long.subarray(1000), '\n{"a":1}\n'), 10))
    expect(chunk.values).toEqual([{ error: `line: longer than ${MAX_LINE_BYTES} bytes` }, { value: { a: 1 } }])
    expect(chunk.lines).toEqual([1, 2])
  })

  it('yields nothing for an empty input', async () => {
    expect(await collect(readNdjson(pieces(''), 10))).toEqual([])
  })
})
