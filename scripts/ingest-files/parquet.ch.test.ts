import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createRequire } from 'node:module'
import { asyncBufferFromFile } from 'hyparquet'
import { afterAll, describe, expect, it } from 'vitest'
import { validateValues } from '@/analytics/events/events.parse'
import { convertParquetValue, readParquet } from './parquet'
import type { DecodedChunk } from './record'

// The fixture is written by ClickHouse itself (chDB, stateless: no data dir), so the reader is
// tested on what a real writer produces: zstd pages, row groups, Map, Nullable, DateTime64.
const { query } = createRequire(import.meta.url)('chdb') as typeof import('chdb')

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oversight-parquet-'))
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

function writeParquet(name: string, select: string, settings = ''): string {
  const file = path.join(dir, name)
  query(`INSERT INTO FUNCTION file('${file}', Parquet) ${select} SETTINGS engine_file_truncate_on_insert = 1${settings ? `, ${settings}` : ''}`)
  return file
}

async function collect(source: AsyncIterable<DecodedChunk>): Promise<DecodedChunk[]> {
  const out: DecodedChunk[] = []
  for await (const chunk of source) out.push(chunk)
  return out
}

describe('convertParquetValue', () => {
  it('makes JSON-like values of Parquet cells', () => {
    expect(convertParquetValue(12n)).toBe(12)
    expect(convertParquetValue(2n ** 60n)).toBe('1152921504606846976')
    expect(convertParquetValue(new Date(Date.UTC(2026, 0, 1)))).toBe(Date.UTC(2026, 0, 1))
    expect(convertParquetValue(new TextEncoder().encode('é'))).toBe('é')
    expect(convertParquetValue(null)).toBeUndefined()
    expect(convertParquetValue({ a: null, b: 1n })).toEqual({ b: 1 })
  })
})

describe('readParquet', () => {
  const predictions = `
    SELECT
      'prediction' AS type,
      'pq-' || toString(number) AS event_id,
      toDateTime64('2026-01-02 03:04:05.678', 3, 'UTC') + number AS ts,
      toLowCardinality('fraud') AS model,
      'v' || toString(number % 2) AS model_version,
      'item-' || toString(number) AS item_id,
      if(number % 2 = 0, 'yes', 'no') AS predicted_label,
      number / 10 AS confidence,
      CAST(if(number < 3, 'review', 'auto'), 'Enum8(\\'auto\\' = 1, \\'review\\' = 2)') AS route,
      if(number = 4, NULL, 0.25)::Nullable(Float64) AS propensity,
      0.5 AS threshold,
      7::UInt64 AS policy_version,
      if(number = 1, map(), map('region', 'eu')) AS attributes
    FROM numbers(7)`

  it('reads row groups in batches as values the API validation accepts', async () => {
    const file = writeParquet('predictions.parquet', predictions, 'output_format_parquet_row_group_size = 3, max_block_size = 3')
    const progress: Array<[number, number]> = []
    const chunks = await collect(readParquet(await asyncBufferFromFile(file), 2, (done, total) => progress.push([done, total])))
    // Row groups of 3, 3, 1 rows, each cut into batches of at most 2.
    expect(chunks.map((c) => c.values.length)).toEqual([2, 1, 2, 1, 1])
    expect(progress.at(-1)).toEqual([7, 7])
    const values = chunks.flatMap((c) => c.values)
    expect(values[0]).toEqual({
      value: {
        type: 'prediction',
        event_id: 'pq-0',
        ts: Date.UTC(2026, 0, 2, 3, 4, 5, 678),
        model: 'fraud',
        model_version: 'v0',
        item_id: 'item-0',
        predicted_label: 'yes',
        confidence: 0,
        route: 'review',
        propensity: 0.25,
        threshold: 0.5,
        policy_version: 7,
        attributes: { region: 'eu' },
      },
    })
    expect(values[4]).toMatchObject({ value: { route: 'auto', event_id: 'pq-4' } })
    expect(values[4]).not.toHaveProperty('value.propensity')
    const batch = validateValues(values)
    expect(batch.rejected).toEqual([])
    expect(batch.events[1].event.row).toMatchObject({ ts: '2026-01-02 03:04:06.678', attributes: {} })
    expect(batch.events[4].event.row).toMatchObject({ propensity: 0 })
  })

  it('folds attributes.<key> columns into attributes and reads other codecs', async () => {
    const file = writeParquet(
      'reviews.parquet',
      `SELECT 'review' AS type, 'r1' AS event_id, '2026-01-02T03:04:05Z' AS ts, 'fraud' AS model, 'item-1' AS item_id,
              'alice' AS reviewer_id, 'yes' AS label, 1500::Int64 AS duration_ms, 'eu' AS \`attributes.region\``,
      "output_format_parquet_compression_method = 'gzip'",
    )
    const [chunk] = await collect(readParquet(await asyncBufferFromFile(file), 10))
    expect(chunk.values).toEqual([
      {
        value: {
          type: 'review',
          event_id: 'r1',
          ts: '2026-01-02T03:04:05Z',
          model: 'fraud',
          item_id: 'item-1',
          reviewer_id: 'alice',
          label: 'yes',
          duration_ms: 1500,
          attributes: { region: 'eu' },
        },
      },
    ])
  })

  it('refuses bytes that are not Parquet', async () => {
    await expect(collect(readParquet(new TextEncoder().encode('PAR1 but not really').buffer as ArrayBuffer, 10))).rejects.toThrow(/not a readable Parquet file/)
  })
})
