import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { CELL_SQL, FACT_AS_DAILY_SQL, splitDays } from './rollups.sql'

const squash = (sql: string) => sql.replace(/\s+/g, ' ')

describe('the rollup expressions', () => {
  it('are the same in the migration’s view and in the partial-day reads of the facts', () => {
    const view = squash(fs.readFileSync(path.join(process.cwd(), 'db', 'clickhouse', '0004_fact_rollups.sql'), 'utf8'))
    expect(view).toContain(`${CELL_SQL} AS cell`)
    const columns = squash(FACT_AS_DAILY_SQL)
      .split(',')
      .map((c) => c.trim())
      .filter(Boolean)
    expect(columns).toHaveLength(10)
    for (const column of columns) {
      const [, expr, name] = /^(.*) AS (\w+)$/.exec(column)!
      expect(view).toContain(name === 'min_confidence' ? 'min(confidence) AS min_confidence' : `sum(${expr}) AS ${name}`)
    }
  })
})

describe('splitDays', () => {
  const at = (iso: string) => Date.parse(iso)
  it('reads whole days from the rollups and the partial ends from the facts', () => {
    const split = splitDays('r', at('2026-11-01T10:00:00Z'), at('2026-11-04T05:00:00Z'))
    expect(split.wholeDays).not.toBeNull()
    expect(split.params).toMatchObject({ r_whole_from: '2026-11-02', r_whole_to: '2026-11-04' })
    expect(split.partial.map(([from, to]) => [split.params[from], split.params[to]])).toEqual([
      ['2026-11-01 10:00:00.000', '2026-11-02 00:00:00.000'],
      ['2026-11-04 00:00:00.000', '2026-11-04 05:00:00.000'],
    ])
  })
  it('has no partial days between midnights, and no whole day inside one day', () => {
    const whole = splitDays('w', at('2026-11-01T00:00:00Z'), at('2026-11-03T00:00:00Z'))
    expect(whole.partial).toEqual([])
    expect(whole.params).toMatchObject({ w_whole_from: '2026-11-01', w_whole_to: '2026-11-03' })
    const inside = splitDays('i', at('2026-11-01T01:00:00Z'), at('2026-11-01T20:00:00Z'))
    expect(inside.wholeDays).toBeNull()
    expect(inside.partial.map(([from, to]) => [inside.params[from], inside.params[to]])).toEqual([['2026-11-01 01:00:00.000', '2026-11-01 20:00:00.000']])
  })
})
