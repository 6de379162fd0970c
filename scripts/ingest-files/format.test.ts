import { describe, expect, it } from 'vitest'
import { firstContentByte, formatFromExtension, innerExtension, isGzip, isParquet, sniffFormat, sniffJsonLayout } from './format'

const bytes = (text: string) => new TextEncoder().encode(text)

describe('file formats', () => {
  it('reads the extension before an optional .gz', () => {
    expect(innerExtension('dir.v2/Events.NDJSON.gz')).toEqual({ extension: '.ndjson', gzipName: true })
    expect(innerExtension('a/b.csv')).toEqual({ extension: '.csv', gzipName: false })
    expect(innerExtension('events.gz')).toEqual({ extension: '', gzipName: true })
    expect(innerExtension('dir.d/README')).toEqual({ extension: '', gzipName: false })
    expect(innerExtension('.hidden')).toEqual({ extension: '', gzipName: false })
  })

  it('maps extensions to formats', () => {
    expect(['.ndjson', '.jsonl', '.json', '.csv', '.parquet', '.txt', ''].map(formatFromExtension)).toEqual([
      'ndjson',
      'ndjson',
      'json',
      'csv',
      'parquet',
      undefined,
      undefined,
    ])
    expect(formatFromExtension('.constructor')).toBeUndefined()
  })

  it('detects gzip and Parquet by magic bytes', () => {
    expect(isGzip(Uint8Array.of(0x1f, 0x8b, 0x08))).toBe(true)
    expect(isGzip(bytes('{"'))).toBe(false)
    expect(isGzip(Uint8Array.of(0x1f))).toBe(false)
    expect(isParquet(bytes('PAR1\x15\x04'))).toBe(true)
    expect(isParquet(bytes('PAR'))).toBe(false)
  })

  it('tells a JSON array, NDJSON and a single multi-line object apart', () => {
    expect(firstContentByte(bytes('\uFEFF \n['))).toBe(5)
    expect(sniffJsonLayout(bytes('  [\n{"a":1}\n]'), true)).toBe('array')
    expect(sniffJsonLayout(bytes('{"a":1}\n{"a":2}\n'), true)).toBe('ndjson')
    expect(sniffJsonLayout(bytes('{"a":1}'), true)).toBe('document')
    expect(sniffJsonLayout(bytes('{"a":1'), false)).toBe('ndjson') // one long first line: stream it
    expect(sniffJsonLayout(bytes('{\n  "a": 1\n}\n'), true)).toBe('document')
    expect(sniffJsonLayout(bytes(''), true)).toBe('ndjson')
  })

  it('guesses the format of content without an extension', () => {
    expect(sniffFormat(bytes('PAR1...'))).toBe('parquet')
    expect(sniffFormat(bytes('\n[{}]'))).toBe('json')
    expect(sniffFormat(bytes('{"a":1}\n'))).toBe('ndjson')
    expect(sniffFormat(bytes('type,ts\n'))).toBeUndefined()
  })
})
