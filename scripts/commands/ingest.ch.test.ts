import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { z } from 'zod'
import { closeClickHouse, getClickHouse, queryRows, runCommand } from '@/lib/clickhouse'
import { migrateClickHouse } from '@/db/clickhouse/migrate'
import { UsageError } from '../cli-args'
import { ingestCommand } from './ingest'

// Own data dir, set before anything opens chDB (one data dir per process).
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'oversight-ingest-ch-'))
process.env.OVERSIGHT_DATA_DIR = dataDir
const files = path.join(dataDir, 'files')

const T0 = Date.UTC(2026, 0, 5, 9, 0, 0)
const MODEL = 'ingest-cli-test'

function prediction(i: number, model = MODEL) {
  return {
    type: 'prediction',
    event_id: `${model}-p${i}`,
    ts: T0 + i * 1000,
    model,
    item_id: `item-${i}`,
    predicted_label: i % 2 ? 'fraud' : 'ok',
    confidence: 0.5 + (i % 5) / 10,
    route: i % 3 === 0 ? 'review' : 'auto',
    attributes: { region: i % 2 ? 'eu' : 'us' },
  }
}

function write(name: string, content: string | Uint8Array): string {
  const file = path.join(files, name)
  fs.writeFileSync(file, content)
  return file
}

/** Runs the command with stdout captured; returns the exit code and the parsed summary. */
async function run(argv: string[]): Promise<{ code: number; summary: any }> {
  let out = ''
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk)
    return true
  })
  try {
    const code = await ingestCommand(argv)
    return { code, summary: JSON.parse(out) }
  } finally {
    spy.mockRestore()
  }
}

const Count = z.object({ n: z.number() })
async function count(table: string, model: string): Promise<number> {
  const [row] = await queryRows(getClickHouse(), {
    query: `SELECT count() AS n FROM ${table} FINAL WHERE model = {model:String}`,
    params: { model },
    schema: Count,
    tag: 'test:count',
  })
  return row.n
}

beforeAll(async () => {
  fs.mkdirSync(files)
  await migrateClickHouse()
})

afterAll(async () => {
  await closeClickHouse()
  fs.rmSync(dataDir, { recursive: true, force: true })
})

describe('oversight ingest (chDB)', () => {
  const events = [
    ...Array.from({ length: 10 }, (_, i) => prediction(i)),
    { type: 'review', event_id: `${MODEL}-r1`, ts: new Date(T0 + 60_000).toISOString(), model: MODEL, item_id: 'item-0', reviewer_id: 'ann', label: 'ok', started_at: T0 + 30_000 },
    { type: 'outcome', event_id: `${MODEL}-o1`, ts: T0 + 120_000, model: MODEL, item_id: 'item-0', true_label: 'ok', source: 'gold' },
  ]

  it('stores an NDJSON file and reports the API summary', async () => {
    const file = write('events.ndjson', events.map((e) => JSON.stringify(e)).join('\n') + '\n')
    expect(await run([file])).toEqual({ code: 0, summary: { accepted: 12, duplicates: 0, rejected: [], rejected_count: 0 } })
    expect(await count('predictions', MODEL)).toBe(10)
    expect(await count('reviews', MODEL)).toBe(1)
    expect(await count('outcomes', MODEL)).toBe(1)
    const [review] = await queryRows(getClickHouse(), {
      query: 'SELECT duration_ms FROM reviews WHERE model = {model:String}',
      params: { model: MODEL },
      schema: z.object({ duration_ms: z.number() }),
      tag: 'test:review',
    })
    expect(review.duration_ms).toBe(30_000)
  })

  it('counts a re-ingested file as duplicates and stores nothing twice', async () => {
    const file = path.join(files, 'events.ndjson')
    expect(await run([file])).toEqual({ code: 0, summary: { accepted: 0, duplicates: 12, rejected: [], rejected_count: 0 } })
    // The same events gzipped and as a JSON array are the same events.
    const gz = write('events.json.gz', gzipSync(JSON.stringify(events)))
    expect(await run([gz])).toEqual({ code: 0, summary: { accepted: 0, duplicates: 12, rejected: [], rejected_count: 0 } })
    expect(await count('predictions', MODEL)).toBe(10)
  })

  it('stores the good rows of a CSV file with a bad row and exits 1', async () => {
    const model = `${MODEL}-csv`
    const csv = [
      'type,event_id,ts,model,item_id,predicted_label,confidence,route,propensity,attributes,attributes.tier',
      `prediction,c1,${T0},${model},i1,ok,0.9,auto,,"{""region"":""eu""}",gold`,
      `prediction,c2,2026-01-05T09:00:01Z,${model},i2,ok,1.5,auto,,,`,
      `prediction,c3,2026-01-05T09:00:02Z,${model},"i,3",fraud,0.2,review,,,`,
    ].join('\r\n')
    const { code, summary } = await run([write('rows.csv', csv)])
    expect(code).toBe(1)
    expect(summary).toEqual({ accepted: 2, duplicates: 0, rejected: [{ index: 1, line: 3, error: 'confidence: must be between 0 and 1' }], rejected_count: 1 })
    expect(await count('predictions', model)).toBe(2)
    const rows = await queryRows(getClickHouse(), {
      query: 'SELECT item_id, attributes FROM predictions WHERE model = {model:String} ORDER BY item_id',
      params: { model },
      schema: z.object({ item_id: z.string(), attributes: z.record(z.string(), z.string()) }),
      tag: 'test:csv',
    })
    expect(rows).toEqual([
      { item_id: 'i,3', attributes: {} },
      { item_id: 'i1', attributes: { region: 'eu', tier: 'gold' } },
    ])
  })

  it('numbers events across several files and names the file of each rejection', async () => {
    const model = `${MODEL}-multi`
    const parquet = path.join(files, 'batch.parquet')
    // A Parquet file as ClickHouse writes it: 3 predictions, the last one invalid (no item_id).
    await runCommand(
      getClickHouse(),
      `INSERT INTO FUNCTION file('${parquet}', Parquet)
       SELECT 'prediction' AS type, 'pq' || toString(number) AS event_id, toDateTime64('2026-01-05 10:00:00', 3, 'UTC') + number AS ts,
              {model:String} AS model, if(number = 2, '', 'pq-item-' || toString(number)) AS item_id, 'ok' AS predicted_label,
              0.8 AS confidence, 'auto' AS route, map('src', 'parquet') AS attributes
       FROM numbers(3) SETTINGS engine_file_truncate_on_insert = 1`,
      'test:parquet',
      { model },
    )
    const ndjson = write('multi.ndjson', [JSON.stringify(prediction(1, model)), '{not json', JSON.stringify(prediction(2, model))].join('\n'))
    const json = write('multi.json', JSON.stringify([prediction(3, model), { ...prediction(4, model), route: 'sideways' }]))
    const { code, summary } = await run([ndjson, parquet, json])
    expect(code).toBe(1)
    expect(summary).toEqual({
      accepted: 5,
      duplicates: 0,
      rejected: [
        { index: 1, file: ndjson, line: 2, error: 'line: is not valid JSON (truncated or malformed)' },
        { index: 5, file: parquet, error: 'item_id: must not be empty' },
        { index: 7, file: json, error: 'route: must be one of "auto", "review", "audit"' },
      ],
      rejected_count: 3,
    })
    expect(await count('predictions', model)).toBe(5)
    const [row] = await queryRows(getClickHouse(), {
      query: `SELECT attributes FROM predictions WHERE model = {model:String} AND event_id = 'pq0'`,
      params: { model },
      schema: z.object({ attributes: z.record(z.string(), z.string()) }),
      tag: 'test:parquet_row',
    })
    expect(row.attributes).toEqual({ src: 'parquet' })
  })

  it('streams a large NDJSON file in batches of 5,000 with progress on stderr', async () => {
    const model = `${MODEL}-large`
    const lines: string[] = []
    for (let i = 0; i < 12_345; i++) lines.push(JSON.stringify({ ...prediction(i, model), padding: 'x'.repeat(600) }))
    const file = write('large.ndjson.gz', gzipSync(lines.join('\n')))
    const big = write('large.ndjson', lines.join('\n'))
    let err = ''
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      err += String(chunk)
      return true
    })
    try {
      expect(await run([big])).toEqual({ code: 0, summary: { accepted: 12_345, duplicates: 0, rejected: [], rejected_count: 0 } })
      expect(await run([file])).toEqual({ code: 0, summary: { accepted: 0, duplicates: 12_345, rejected: [], rejected_count: 0 } })
    } finally {
      spy.mockRestore()
    }
    expect(fs.statSync(big).size).toBeGreaterThan(8 * 1024 * 1024)
    // The plain file is over the progress threshold; the gzipped one is not (and stderr is no terminal).
    expect(err).toMatch(/large\.ndjson {2}.*\(100%\) {2}12,345 events .*events\/s \(done\)\n/)
    expect(err).not.toMatch(/large\.ndjson\.gz/)
    expect(await count('predictions', model)).toBe(12_345)
  })

  it('lists the first 1,000 rejections across batches and counts them all in rejected_count', async () => {
    const model = `${MODEL}-rejects`
    // 6,001 bad lines span two batches of 5,000; the valid events around them are stored.
    const lines = [JSON.stringify(prediction(1, model)), ...Array.from({ length: 6_001 }, () => '{}'), JSON.stringify(prediction(2, model))]
    const file = write('rejects.ndjson', lines.join('\n'))
    let err = ''
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      err += String(chunk)
      return true
    })
    try {
      const { code, summary } = await run([file])
      expect(code).toBe(1)
      expect(Object.keys(summary)).toEqual(['accepted', 'duplicates', 'rejected', 'rejected_count'])
      expect(summary.accepted).toBe(2)
      expect(summary.rejected_count).toBe(6_001)
      expect(summary.rejected).toHaveLength(1_000)
      expect(summary.rejected[0]).toEqual({ index: 1, line: 2, error: 'type: is required' })
      expect(summary.rejected[999]).toMatchObject({ index: 1_000, line: 1_001 })
      const few = await run([file, '--max-rejected', '3'])
      expect(few.summary.rejected.map((r: { index: number }) => r.index)).toEqual([1, 2, 3])
      expect(few.summary.rejected_count).toBe(6_001)
      expect(few.summary.duplicates).toBe(2)
    } finally {
      spy.mockRestore()
    }
    expect(err).toContain('6001 events rejected; the first 1000 are listed')
    expect(await count('predictions', model)).toBe(2)
  })

  it('refuses missing files and unsupported extensions before storing anything', async () => {
    const good = path.join(files, 'events.ndjson')
    await expect(ingestCommand([good, path.join(files, 'nope.ndjson')])).rejects.toThrow(UsageError)
    await expect(ingestCommand([write('data.xml', '<x/>')])).rejects.toThrow(/data\.xml: unsupported extension "\.xml"/)
    await expect(ingestCommand([])).rejects.toThrow(/at least one file/)
  })
})
