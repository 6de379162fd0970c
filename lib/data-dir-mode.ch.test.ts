import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeClickHouse, getClickHouse, runCommand } from './clickhouse'
import { closeDb, getDb } from './db'
import { lockDataDir, prepareStoreDir, unlockDataDir } from './data-dir-lock'

// A parent of our own; the data dir itself does not exist yet, as on a first start.
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'oversight-modes-'))
const dataDir = path.join(root, 'nested', 'data')
const modeOf = (file: string) => fs.statSync(file).mode & 0o7777
// The common default: without the fix, new dirs came out 0755 and the lock file 0644.
const previousUmask = process.umask(0o022)

beforeAll(() => {
  process.env.OVERSIGHT_DATA_DIR = dataDir
  delete process.env.CLICKHOUSE_URL
  delete process.env.DATABASE_URL
})

afterAll(async () => {
  await closeClickHouse()
  await closeDb()
  process.umask(previousUmask)
  fs.rmSync(root, { recursive: true, force: true })
})

describe('data dir modes', () => {
  it('creates the data dir, the store dirs and the lock file for the owner only', async () => {
    await runCommand(getClickHouse(), 'SELECT 1', 'test:open')
    await getDb()
    expect(modeOf(dataDir)).toBe(0o700)
    expect(modeOf(path.join(dataDir, 'clickhouse'))).toBe(0o700)
    expect(modeOf(path.join(dataDir, 'pglite'))).toBe(0o700)
    expect(modeOf(path.join(dataDir, 'oversight.lock'))).toBe(0o600)
    // What the engines write inside is out of reach of others through the dirs.
    expect(fs.readdirSync(path.join(dataDir, 'pglite'))).toContain('PG_VERSION')
  })

  it('restricts a data dir an older version created 0755, with its store dirs', () => {
    const old = path.join(root, 'old')
    for (const dir of [old, path.join(old, 'clickhouse'), path.join(old, 'pglite')]) {
      fs.mkdirSync(dir)
      fs.chmodSync(dir, 0o755)
    }
    fs.writeFileSync(path.join(old, 'pglite', 'PG_VERSION'), '17\n', { mode: 0o644 })
    lockDataDir(old)
    try {
      expect(modeOf(old)).toBe(0o700)
      prepareStoreDir(old, 'clickhouse')
      prepareStoreDir(old, 'pglite')
      expect(modeOf(path.join(old, 'clickhouse'))).toBe(0o700)
      expect(modeOf(path.join(old, 'pglite'))).toBe(0o700)
      expect(modeOf(path.join(old, 'oversight.lock'))).toBe(0o600)
    } finally {
      unlockDataDir(old)
    }
  })

  it('leaves the mode of a shared or sticky dir alone, but keeps the stores in it private', () => {
    const shared = path.join(root, 'shared')
    fs.mkdirSync(shared)
    fs.writeFileSync(path.join(shared, 'someone-elses-file'), 'x')
    fs.chmodSync(shared, 0o755)
    const sticky = path.join(root, 'sticky')
    fs.mkdirSync(sticky)
    fs.chmodSync(sticky, 0o1777)
    for (const dir of [shared, sticky]) {
      lockDataDir(dir)
      try {
        prepareStoreDir(dir, 'pglite')
        expect(modeOf(path.join(dir, 'pglite'))).toBe(0o700)
        expect(modeOf(path.join(dir, 'oversight.lock'))).toBe(0o600)
      } finally {
        unlockDataDir(dir)
      }
    }
    expect(modeOf(shared)).toBe(0o755)
    expect(modeOf(sticky)).toBe(0o1777)
  })
})
