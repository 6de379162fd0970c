import { FileFormatError, type DecodedChunk } from './record'

const utf8 = new TextDecoder('utf-8', { fatal: true })

/**
 * A whole JSON document: an array of events (the API's JSON body) or a single event object,
 * possibly pretty-printed. Yields at most `batchSize` values per chunk. Arrays are read whole:
 * JSON.parse needs the complete text, and such files are the size of an API request or a few.
 */
export function* readJsonDocument(bytes: Uint8Array, batchSize: number): Generator<DecodedChunk> {
  let text: string
  try {
    text = utf8.decode(bytes)
  } catch {
    throw new FileFormatError('not valid UTF-8')
  }
  let document: unknown
  try {
    document = JSON.parse(text)
  } catch (error) {
    const reason = error instanceof RangeError ? 'nested too deeply' : error instanceof Error ? error.message : 'malformed'
    throw new FileFormatError(`not valid JSON (${reason}); expected a JSON array of events, or NDJSON (one event per line)`)
  }
  if (!Array.isArray(document)) {
    if (typeof document === 'object' && document !== null) {
      yield { values: [{ value: document }] }
      return
    }
    throw new FileFormatError('expected a JSON array of events, a JSON object, or NDJSON (one event per line)')
  }
  for (let i = 0; i < document.length; i += batchSize) {
    yield { values: document.slice(i, i + batchSize).map((value: unknown) => ({ value })) }
  }
}
