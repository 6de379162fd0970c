import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterAll, describe, expect, it } from 'vitest'
import { InputFileError, resolveInputFile } from './ingest-files'
import { openByteStream, readHead, readWhole } from './source'

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oversight-resolve-'))
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

function write(name: string, content: string | Uint8Array): string {
  const file = path.join(dir, name)
  fs.writeFileSync(file, content)
  return file
}

const ndjson = '{"type":"outcome"}\n{"type":"outcome"}\n'

describe('resolveInputFile', () => {
  it('takes the format from the extension', async () => {
    expect(await resolveInputFile(write('a.ndjson', ndjson))).toMatchObject({ format: 'ndjson', gzip: false, layout: 'ndjson' })
    expect(await resolveInputFile(write('a.jsonl', ndjson))).toMatchObject({ format: 'ndjson' })
    expect(await resolveInputFile(write('a.csv', 'type\n'))).toMatchObject({ format: 'csv', layout: undefined })
  })

  it('sniffs .json content: array, NDJSON or one object', async () => {
    expect(await resolveInputFile(write('arr.json', '[{"type":"outcome"}]'))).toMatchObject({ format: 'json', layout: 'array' })
    expect(await resolveInputFile(write('lines.json', ndjson))).toMatchObject({ format: 'json', layout: 'ndjson' })
    expect(await resolveInputFile(write('one.json', '{\n "type": "outcome"\n}'))).toMatchObject({ format: 'json', layout: 'document' })
  })

  it('detects gzip by its magic bytes, with or without .gz', async () => {
    const zipped = gzipSync(ndjson)
    expect(await resolveInputFile(write('z.ndjson.gz', zipped))).toMatchObject({ format: 'ndjson', gzip: true, size: zipped.length })
    expect(await resolveInputFile(write('z2.ndjson', zipped))).toMatchObject({ format: 'ndjson', gzip: true })
    expect(await resolveInputFile(write('z3.json.gz', gzipSync('[{}]')))).toMatchObject({ format: 'json', gzip: true, layout: 'array' })
    // A .gz name on plain content is read as plain.
    expect(await resolveInputFile(write('plain.csv.gz', 'type\n'))).toMatchObject({ format: 'csv', gzip: false })
    // No inner extension: the decompressed content decides.
    expect(await resolveInputFile(write('events.gz', zipped))).toMatchObject({ format: 'ndjson', gzip: true })
  })

  it('names the file in every refusal', async () => {
    await expect(resolveInputFile(path.join(dir, 'missing.ndjson'))).rejects.toThrow(new InputFileError(`${path.join(dir, 'missing.ndjson')}: no such file`))
    await expect(resolveInputFile(dir)).rejects.toThrow(/is a directory/)
    const txt = write('notes.txt', 'x')
    await expect(resolveInputFile(txt)).rejects.toThrow(`${txt}: unsupported extension ".txt"; supported: .ndjson, .jsonl, .json, .csv or .parquet`)
    await expect(resolveInputFile(write('README', 'x'))).rejects.toThrow(/README: no file extension/)
    await expect(resolveInputFile(write('fake.parquet', 'type,ts\n'))).rejects.toThrow(/fake.parquet: is not a Parquet file/)
    await expect(resolveInputFile(write('what.gz', gzipSync('type,ts\n')))).rejects.toThrow(/what.gz: no file extension/)
    await expect(resolveInputFile(write('broken.ndjson.gz', gzipSync(ndjson).subarray(0, 12)))).rejects.toThrow(/broken.ndjson.gz: is not valid gzip/)
  })
})

describe('byte sources', () => {
  it('gunzips multi-member files and counts the compressed bytes read', async () => {
    const file = write('multi.ndjson.gz', Buffer.concat([gzipSync('{"a":1}\n'), gzipSync('{"a":2}\n')]))
    const counter = { bytesRead: 0 }
    expect((await readWhole(file, true, counter)).toString()).toBe('{"a":1}\n{"a":2}\n')
    expect(counter.bytesRead).toBe(fs.statSync(file).size)
  })

  it('reads a head and says whether it is the whole file', async () => {
    const file = write('head.ndjson.gz', gzipSync(ndjson))
    expect(await readHead(file, true, 5)).toEqual({ head: Buffer.from(ndjson.slice(0, 5)), complete: false })
    expect(await readHead(file, true, 1000)).toEqual({ head: Buffer.from(ndjson), complete: true })
    const plain = write('head.csv', 'abc')
    expect(await readHead(plain, false, 3)).toEqual({ head: Buffer.from('abc'), complete: true })
  })

  it('fails the stream on a corrupt gzip body', async () => {
    const good = gzipSync('x'.repeat(100_000))
    const bad = Buffer.from(good)
    bad.fill(0x00, 20, 60)
    const file = write('corrupt.ndjson.gz', bad)
    await expect(readWhole(file, true)).rejects.toThrow()
    const stream = openByteStream(file, true)
    await expect((async () => { for await (const _ of stream) void _ })()).rejects.toThrow()
  })
})
