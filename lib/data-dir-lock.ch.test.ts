import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { insertRows, queryRows, type ClickHouse } from '@/lib/clickhouse'
import { useTempStores } from '@/test/ch-helpers'
import { lockDataDir, StoreLockedError, unlockDataDir } from './data-dir-lock'

let ch: ClickHouse
let dataDir: string
let cleanup: () => Promise<void>
beforeAll(async () => ({ ch, dataDir, cleanup } = await useTempStores('lock')))
afterAll(() => cleanup())

/** Runs the real CLI in a second process on the same data dir, as a user would while the server runs. */
function cliOnSameDir(...args: string[]) {
  return spawnSync(process.execPath, ['scripts/oversight.mjs', ...args], {
    env: { ...process.env, OVERSIGHT_DATA_DIR: dataDir },
    encoding: 'utf8',
    timeout: 60_000,
  })
}

describe('one process per data dir', () => {
  it('a second process gets a clear message and exit code 3, and the store stays intact', async () => {
    await insertRows(ch, 'event_ids', [{ event_id: 'kept', type: 'prediction', ingested_at: '2026-11-01 00:00:00.000' }], 'test:insert')
    const second = cliOnSameDir('migrate')
    expect(second.status).toBe(3)
    expect(second.stderr).toContain('in use by another Oversight process')
    expect(second.stderr).toContain('needs the data dir to itself')
    const rows = await queryRows(ch, { query: "SELECT count() AS n FROM event_ids WHERE event_id = 'kept'", schema: z.object({ n: z.number() }), tag: 'test:kept' })
    expect(rows[0].n).toBe(1)
  })

  it("chDB's own lock is turned into the same message when our lock file is gone", () => {
    const lockFile = path.join(dataDir, 'oversight.lock')
    const saved = fs.readFileSync(lockFile, 'utf8')
    fs.rmSync(lockFile)
    try {
      const second = cliOnSameDir('migrate')
      expect(second.status).toBe(3)
      expect(second.stderr).toContain('stop that process first')
    } finally {
      fs.writeFileSync(lockFile, saved)
    }
  })

  it('takes over a stale lock left by a dead process', () => {
    const dir = fs.mkdtempSync(path.join(path.dirname(dataDir), 'oversight-stale-'))
    fs.writeFileSync(path.join(dir, 'oversight.lock'), '999999999')
    expect(() => lockDataDir(dir)).not.toThrow()
    expect(fs.readFileSync(path.join(dir, 'oversight.lock'), 'utf8')).toBe(String(process.pid))
    unlockDataDir(dir)
    expect(fs.existsSync(path.join(dir, 'oversight.lock'))).toBe(false)
    fs.rmSync(dir, { recursive: true, force: true })
  })

  it('refuses a dir held by a live process', () => {
    const dir = fs.mkdtempSync(path.join(path.dirname(dataDir), 'oversight-held-'))
    fs.writeFileSync(path.join(dir, 'oversight.lock'), String(process.ppid))
    expect(() => lockDataDir(dir)).toThrow(StoreLockedError)
    fs.rmSync(dir, { recursive: true, force: true })
  })
})
