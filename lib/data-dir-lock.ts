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
        'probably the server. This command needs the data dir to itself: stop that process first, or point ' +
        'OVERSIGHT_DATA_DIR at another dir. (Beside a server started with npm start, ingest, metrics, keys and ' +
        'users go through its HTTP API by themselves.)',
    )
  }
}

const LOCK_FILE = 'oversight.lock'

/**
 * Owner-only modes for the data dir, its stores' dirs and the lock file: the stores hold users'
 * password hashes, sessions, API key hashes, the change log and the telemetry, none of which
 * another local user may read. The dirs' modes guard the files the engines create inside them
 * (chDB and PGlite write theirs 0644).
 */
export const PRIVATE_DIR_MODE = 0o700
export const PRIVATE_FILE_MODE = 0o600
/** The store dirs under the data dir (lib/clickhouse.ts, lib/db.ts). */
export const STORE_DIRS = { clickhouse: 'clickhouse', pglite: 'pglite' } as const
const GROUP_OR_OTHER = 0o077
const STICKY = 0o1000

/** Creates `dir` (and missing parents) owner-only; true when it already existed. */
function makePrivateDir(dir: string): boolean {
  const existed = fs.existsSync(dir)
  fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE })
  return existed
}

/** chmod 0700 when group or others have any access; a dir we do not own (EPERM) is left as it is. */
function restrictDir(dir: string): void {
  const { mode } = fs.statSync(dir)
  if ((mode & GROUP_OR_OTHER) === 0 || (mode & STICKY) !== 0) return
  try {
    fs.chmodSync(dir, PRIVATE_DIR_MODE)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') throw error
    console.warn(`[oversight] ${dir} is readable by other users and not ours to chmod: restrict it (chmod 700).`)
  }
}

/**
 * Creates the data dir owner-only (0700), or restricts one an older version created 0755. An
 * existing dir is restricted only when it is a data dir (empty, or holding the stores or the lock):
 * OVERSIGHT_DATA_DIR=/srv/shared must not take a shared dir away from its other users, and a
 * sticky dir (/tmp) is never touched. The stores' own dirs are private either way.
 */
export function prepareDataDir(dataDir: string): void {
  if (makePrivateDir(dataDir)) {
    const entries = fs.readdirSync(dataDir)
    const ours = entries.length === 0 || entries.some((name) => name === LOCK_FILE || Object.values<string>(STORE_DIRS).includes(name))
    if (ours) restrictDir(dataDir)
  }
}

/** The dir of one embedded store under the data dir, created or restricted to 0700 before the engine opens it. */
export function prepareStoreDir(dataDir: string, store: keyof typeof STORE_DIRS): string {
  const dir = path.join(dataDir, STORE_DIRS[store])
  if (makePrivateDir(dir)) restrictDir(dir)
  return dir
}

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
  prepareDataDir(dataDir)
  const file = path.join(dataDir, LOCK_FILE)
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx', mode: PRIVATE_FILE_MODE })
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

/** The live process holding the data dir's lock, or null (none, or it died without cleaning up). */
export function dataDirHolder(dataDir: string): number | null {
  let holder: number
  try {
    holder = Number(fs.readFileSync(path.join(dataDir, LOCK_FILE), 'utf8').trim())
  } catch {
    return null
  }
  return Number.isInteger(holder) && holder > 0 && isAlive(holder) ? holder : null
}

/** True while this process holds the data dir's lock (an embedded store is open). */
export function holdsDataDirLock(dataDir: string): boolean {
  return (held.__oversightLocks?.get(dataDir) ?? 0) > 0
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
