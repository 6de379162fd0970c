import { describe, expect, it } from 'vitest'
import { validateValues } from '@/analytics/events/events.parse'
import { convertCsvCell, CsvParser, csvRecordToValue, parseCsvHeader, readCsv, type CsvRecord } from './csv'
import { FileFormatError, type DecodedChunk } from './record'

function parse(text: string, pieceSize = text.length || 1): CsvRecord[] {
  const parser = new CsvParser()
  const records: CsvRecord[] = []
  for (let i = 0; i < text.length; i += pieceSize) records.push(...parser.push(text.slice(i, i + pieceSize)))
  records.push(...parser.end())
  return records
}

async function* bytes(...pieces: string[]): AsyncGenerator<Uint8Array> {
  for (const piece of pieces) yield new TextEncoder().encode(piece)
}

async function collect(source: AsyncIterable<DecodedChunk>): Promise<DecodedChunk[]> {
  const out: DecodedChunk[] = []
  for await (const chunk of source) out.push(chunk)
  return out
}

describe('CsvParser (RFC 4180)', () => {
  const tricky = 'a,b,c\r\n"x, y","say ""hi""","line1\nline2"\r\nplain,,"" \n'

  it('splits fields, unescapes doubled quotes and keeps commas and line breaks inside quotes', () => {
    expect(parse(tricky)).toEqual([
      { fields: ['a', 'b', 'c'], line: 1 },
      { fields: ['x, y', 'say "hi"', 'line1\nline2'], line: 2 },
      { fields: ['plain', '', ''], line: 4, error: expect.stringContaining('after a closing quote') },
    ])
  })

  it('gives the same records whatever the chunk boundaries', () => {
    const whole = parse(tricky)
    for (const size of [1, 2, 3, 5, 7]) expect(parse(tricky, size)).toEqual(whole)
  })

  it('accepts LF, CRLF and CR line ends, skips blank lines and needs no final newline', () => {
    expect(parse('a,b\n\n1,2\r\n\r\n3,4\r5,6')).toEqual([
      { fields: ['a', 'b'], line: 1 },
      { fields: ['1', '2'], line: 3 },
      { fields: ['3', '4'], line: 5 },
      { fields: ['5', '6'], line: 6 },
    ])
  })

  it('keeps a CRLF split across chunks as one line end', () => {
    const parser = new CsvParser()
    expect(parser.push('a,b\r')).toEqual([{ fields: ['a', 'b'], line: 1 }])
    expect(parser.push('\n1,2\r')).toEqual([{ fields: ['1', '2'], line: 2 }])
    expect(parser.end()).toEqual([])
  })

  it('keeps empty fields, including a trailing one', () => {
    expect(parse('a,,c,\n')).toEqual([{ fields: ['a', '', 'c', ''], line: 1 }])
  })

  it('flags a quoted field left open at the end of the file', () => {
    expect(parse('a,"open\n')).toEqual([{ fields: ['a', 'open\n'], line: 1, error: 'row: a quoted field is not closed before the end of the file' }])
  })

  it('takes a quote inside an unquoted field literally', () => {
    expect(parse('5" screen,x\n')).toEqual([{ fields: ['5" screen', 'x'], line: 1 }])
  })
})

describe('CSV cells to event fields', () => {
  it('turns numeric SPEC fields and numeric timestamps into numbers', () => {
    expect(convertCsvCell('confidence', '0.93')).toBe(0.93)
    expect(convertCsvCell('propensity', ' 1 ')).toBe(1)
    expect(convertCsvCell('threshold', '-.5e-1')).toBe(-0.05)
    expect(convertCsvCell('policy_version', '12')).toBe(12)
    expect(convertCsvCell('duration_ms', '45000')).toBe(45000)
    expect(convertCsvCell('ts', '1767225600000')).toBe(1767225600000)
    expect(convertCsvCell('started_at', '1767225600000')).toBe(1767225600000)
  })

  it('leaves ISO timestamps, identifiers and non-numbers as text', () => {
    expect(convertCsvCell('ts', '2026-01-01T00:00:00Z')).toBe('2026-01-01T00:00:00Z')
    expect(convertCsvCell('item_id', '0042')).toBe('0042')
    expect(convertCsvCell('predicted_label', '1')).toBe('1')
    expect(convertCsvCell('confidence', 'high')).toBe('high')
    expect(convertCsvCell('confidence', '0x1')).toBe('0x1')
  })

  it('makes an empty cell an absent field', () => {
    expect(convertCsvCell('threshold', '')).toBeUndefined()
    expect(convertCsvCell('segment', '')).toBeUndefined()
  })

  const header = parseCsvHeader({ fields: ['\uFEFFtype', ' ts ', 'model', 'item_id', 'attributes', 'attributes.region', 'attributes.tier', ''], line: 1 })

  it('builds attributes from a JSON column and attributes.<key> columns (columns win)', () => {
    const record = { fields: ['prediction', '1767225600000', 'm', 'i1', '{"region":"us","lang":"en"}', 'eu', '', 'ignored'], line: 2 }
    expect(csvRecordToValue(header, record)).toEqual({
      value: { type: 'prediction', ts: 1767225600000, model: 'm', item_id: 'i1', attributes: { region: 'eu', lang: 'en' } },
    })
  })

  it('leaves attributes out when every attribute cell is empty', () => {
    expect(csvRecordToValue(header, { fields: ['outcome', '1', 'm', 'i', '', '', '', ''], line: 3 })).toEqual({
      value: { type: 'outcome', ts: 1, model: 'm', item_id: 'i' },
    })
  })

  it('rejects an attributes cell that is not JSON, and a row with the wrong number of fields', () => {
    expect(csvRecordToValue(header, { fields: ['outcome', '1', 'm', 'i', '{oops', '', '', ''], line: 3 })).toEqual({
      error: expect.stringMatching(/^attributes: /),
    })
    expect(csvRecordToValue(header, { fields: ['outcome', '1'], line: 4 })).toEqual({ error: 'row: has 2 fields, the header has 8' })
  })

  it('refuses a header without a type column or with a repeated name', () => {
    expect(() => parseCsvHeader({ fields: ['ts', 'model'], line: 1 })).toThrow(FileFormatError)
    expect(() => parseCsvHeader({ fields: ['type', 'ts', 'ts'], line: 1 })).toThrow(/"ts" appears twice/)
  })
})

describe('readCsv', () => {
  const csv = [
    'type,event_id,ts,model,item_id,predicted_label,confidence,route,propensity,threshold,attributes.region\n',
    'prediction,p1,2026-01-01T00:00:00Z,fraud,i1,yes,0.91,auto,,0.8,eu\n',
    'prediction,p2,1767225600000,fraud,"i,2",no,0.4,review,,,\n',
    'prediction,p3,2026-01-01T00:00:00Z,fraud,i3,yes,high,auto,,,\n',
  ]

  it('streams records whose values pass the API validation, with line numbers', async () => {
    const chunks = await collect(readCsv(bytes(...csv), 2))
    expect(chunks.map((c) => c.values.length)).toEqual([2, 1])
    expect(chunks.map((c) => c.lines)).toEqual([[2, 3], [4]])
    const batch = validateValues(chunks.flatMap((c) => c.values))
    expect(batch.events.map((e) => e.event.row)).toMatchObject([
      { event_id: 'p1', confidence: 0.91, threshold: 0.8, propensity: 0, attributes: { region: 'eu' } },
      { event_id: 'p2', item_id: 'i,2', ts: '2026-01-01 00:00:00.000', propensity: 1, threshold: null, attributes: {} },
    ])
    expect(batch.rejected).toEqual([{ index: 2, error: 'confidence: must be a number, not string' }])
  })

  it('decodes UTF-8 split across byte chunks', async () => {
    const encoded = new TextEncoder().encode('type,model\nprediction,modèle\n')
    async function* split(): AsyncGenerator<Uint8Array> {
      for (let i = 0; i < encoded.length; i++) yield encoded.subarray(i, i + 1)
    }
    const [chunk] = await collect(readCsv(split(), 10))
    expect(chunk.values).toEqual([{ value: { type: 'prediction', model: 'modèle' } }])
  })

  it('fails on an empty file and on bytes that are not UTF-8', async () => {
    await expect(collect(readCsv(bytes(''), 10))).rejects.toThrow(/header row/)
    async function* latin1(): AsyncGenerator<Uint8Array> {
      yield new TextEncoder().encode('type,model\n')
      yield Uint8Array.of(0x70, 0xe9, 0x0a)
    }
    await expect(collect(readCsv(latin1(), 10))).rejects.toThrow(/not valid UTF-8/)
  })
})
