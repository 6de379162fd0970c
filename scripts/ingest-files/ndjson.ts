import { decodeNdjson } from '@/analytics/events/events.parse'
import type { DecodedChunk, DecodedValue } from './record'

const NEWLINE = 0x0a

/**
 * A line longer than this is rejected without being buffered further: no event comes near it
 * (the API's whole request body defaults to 10 MiB), and a file without newlines (a JSON array
 * named .ndjson) must not be read into memory as one line.
 */
export const MAX_LINE_BYTES = 16 * 1024 * 1024

const UTF8_BOM = [0xef, 0xbb, 0xbf] as const

/**
 * Streams NDJSON: splits byte chunks into lines and decodes each with the API's `decodeNdjson`
 * (blank lines skipped, a malformed line rejected on its own), yielding at most `batchSize`
 * values per chunk with their line numbers. Memory stays at one batch plus one read chunk.
 */
export async function* readNdjson(chunks: AsyncIterable<Uint8Array>, batchSize: number): AsyncGenerator<DecodedChunk> {
  let values: DecodedValue[] = []
  let lines: number[] = []
  let lineNumber = 0
  let carry: Buffer | undefined
  let skippingLongLine = false
  let first = true

  const pushLine = (bytes: Uint8Array) => {
    lineNumber++
    if (skippingLongLine) {
      skippingLongLine = false
      values.push({ error: `line: longer than ${MAX_LINE_BYTES} bytes` })
      lines.push(lineNumber)
      return
    }
    const decoded = decodeNdjson(bytes)
    if (decoded.length === 0) return // blank line
    values.push(decoded[0])
    lines.push(lineNumber)
  }

  for await (const input of chunks) {
    let chunk = Buffer.isBuffer(input) ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength)
    if (first) {
      first = false
      if (UTF8_BOM.every((byte, i) => chunk[i] === byte)) chunk = chunk.subarray(3)
    }
    // Buffer.indexOf is memchr; Uint8Array.indexOf is not.
    const buffer = carry ? Buffer.concat([carry, chunk]) : chunk
    carry = undefined
    let start = 0
    for (;;) {
      const newline = buffer.indexOf(NEWLINE, start)
      if (newline === -1) break
      pushLine(buffer.subarray(start, newline))
      start = newline + 1
      if (values.length >= batchSize) {
        yield { values, lines }
        values = []
        lines = []
      }
    }
    if (start < buffer.length) {
      if (skippingLongLine || buffer.length - start > MAX_LINE_BYTES) {
        skippingLongLine = true // drop bytes until the next newline
      } else {
        // Copy: the remainder would otherwise pin the whole read chunk.
        carry = Buffer.from(buffer.subarray(start))
      }
    }
  }
  if (carry || skippingLongLine) pushLine(carry ?? Buffer.alloc(0))
  if (values.length > 0) yield { values, lines }
}
