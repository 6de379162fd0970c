import { describe, expect, it } from 'vitest'
import { csvExport, csvField, csvFileName, scopedCsvFileName, toCsv } from './csv'

describe('toCsv (RFC 4180)', () => {
  it('writes a header and one CRLF-terminated record per row', () => {
    expect(toCsv(['bin', 'count'], [[0, 12], [1, 30]])).toBe('bin,count\r\n0,12\r\n1,30\r\n')
  })

  it('an empty table is its header line', () => {
    expect(toCsv(['a', 'b'], [])).toBe('a,b\r\n')
  })

  it('quotes fields with a comma, a quote, CR or LF, doubling the quotes inside', () => {
    expect(csvField('a,b')).toBe('"a,b"')
    expect(csvField('say "hi"')).toBe('"say ""hi"""')
    expect(csvField('two\nlines')).toBe('"two\nlines"')
    expect(csvField('cr\rhere')).toBe('"cr\rhere"')
    expect(csvField('plain text')).toBe('plain text')
    expect(toCsv(['name', 'note'], [['m,1', 'x"y']])).toBe('name,note\r\n"m,1","x""y"\r\n')
  })

  it('writes numbers unformatted, in their shortest exact form', () => {
    expect(csvField(0.04512345678)).toBe('0.04512345678')
    expect(csvField(1234567)).toBe('1234567')
    expect(csvField(0.1 + 0.2)).toBe('0.30000000000000004')
    expect(csvField(-0.25)).toBe('-0.25')
    expect(csvField(-0)).toBe('0')
    expect(csvField(1e-7)).toBe('1e-7')
  })

  it('null, undefined and non-finite numbers are empty fields; booleans are true/false', () => {
    expect(toCsv(['a', 'b', 'c', 'd', 'e'], [[null, undefined, Number.NaN, true, false]])).toBe('a,b,c,d,e\r\n,,,true,false\r\n')
  })

  it('keeps UTF-8 text as it is', () => {
    expect(toCsv(['range'], [['0.90–1.00 · ünïcode 日本']])).toBe('range\r\n0.90–1.00 · ünïcode 日本\r\n')
  })

  it('neutralises text that a spreadsheet would run as a formula, never numbers', () => {
    expect(csvField('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`)
    expect(csvField('+1')).toBe("'+1")
    expect(csvField('-model')).toBe("'-model")
    expect(csvField('@sum')).toBe("'@sum")
    expect(csvField(-3)).toBe('-3')
  })

  it('refuses a row whose length differs from the header', () => {
    expect(() => toCsv(['a', 'b'], [[1]])).toThrow(RangeError)
  })
})

describe('csvExport', () => {
  it('reads each column from typed rows, in column order', () => {
    const csv = csvExport('bins', [{ bin: 0, acc: 0.5 }, { bin: 1, acc: null }], [
      { header: 'bin', value: (r) => r.bin },
      { header: 'accuracy', value: (r) => r.acc },
    ])
    expect(csv).toEqual({ fileName: 'bins', header: ['bin', 'accuracy'], rows: [[0, 0.5], [1, null]] })
    expect(toCsv(csv.header, csv.rows)).toBe('bin,accuracy\r\n0,0.5\r\n1,\r\n')
  })
})

describe('csv file names', () => {
  it('joins lower-case words with dashes, dropping what a file system or a person would trip over', () => {
    expect(csvFileName(['Calibration', 'reliability', 'fraud/detector v2', null, ''])).toBe('calibration-reliability-fraud-detector-v2')
    expect(csvFileName(['Modèle', '../etc'])).toBe('modele-etc')
    expect(csvFileName([])).toBe('export')
    expect(csvFileName(['x'.repeat(300)])).toHaveLength(120)
  })

  it('names the scope the API applied', () => {
    expect(scopedCsvFileName('calibration', 'reliability', { model: 'fraud-detector', from: '2026-10-25T00:00:00.000Z', to: '2026-11-24T00:00:00.000Z' })).toBe(
      'calibration-reliability-fraud-detector-2026-10-25-2026-11-23',
    )
    expect(scopedCsvFileName('overview', 'models', { model: null, segment: 'eu', model_version: 'v2', from: null, to: null })).toBe('overview-models-all-models-segment-eu-version-v2')
  })
})
