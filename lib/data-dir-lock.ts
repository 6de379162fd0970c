import fs from 'node:fs'
import path from 'node:path'

/**
 * One process owns a data dir at a time. chDB locks its own `status` file, but PGlite has no
 * lock between processes (two writers silently lose rows), so Oversight holds its own lock file
 * for the whole data dir before opening either embedded store.
 */
export class StoreLockedError extends Error {
  readonly code = 'store_locked'
  constructor(dataDir: string, holderPid?: number) {
    super(
      `The data dir ${dataDir} is in use by another Oversight process${holderPid ? ` (pid ${holderPid})` : ''}, ` +
        'probably the server. Stop the server first, or use the HTTP API (for example ' +
        'POST /api/v1/events or GET /api/v1/metrics/...) while it runs, or point this command at another ' +
        'OVERSIGHT_DATA_DIR.',
    )
  }
}

const LOCK_FILE = 'oversight.lock'

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

// Reference counts per data dir: both embedded stores share the one lock.
const held = globalThis as unknown as { __oversightLocks?: Map<string, number> }

/** Takes the data-dir lock for this process; every call must be paired with `unlockDataDir`. */
export function lockDataDir(dataDir: string): void {
  held.__oversightLocks ??= new Map()
  const count = held.__oversightLocks.get(dataDir) ?? 0
  if (count > 0) {
    held.__oversightLocks.set(dataDir, count + 1)
    return
  }
  fs.mkdirSync(dataDir, { recursive: true })
  const file = path.join(dataDir, LOCK_FILE)
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx' })
      held.__oversightLocks.set(dataDir, 1)
      process.once('exit', () => removeLockFile(dataDir))
      return
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      const holder = Number(fs.readFileSync(file, 'utf8').trim())
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && isAlive(holder)) {
        throw new StoreLockedError(dataDir, holder)
      }
      // The holder died without cleaning up (kill -9): the lock is stale.
      fs.rmSync(file, { force: true })
    }
  }
  throw new StoreLockedError(dataDir)
}

export function unlockDataDir(dataDir: string): void {
  const count = held.__oversightLocks?.get(dataDir) ?? 0
  if (count === 0) return
  if (count > 1) {
    held.__oversightLocks?.set(dataDir, count - 1)
    return
  }
  held.__oversightLocks?.delete(dataDir)
  removeLockFile(dataDir)
}

function removeLockFile(dataDir: string): void {
  const file = path.join(dataDir, LOCK_FILE)
  try {
    if (fs.readFileSync(file, 'utf8').trim() === String(process.pid)) fs.rmSync(file, { force: true })
  } catch {
    // already gone
  }
}
