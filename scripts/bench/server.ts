import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import { registerCleanup } from './cleanup'
import { needsBuild } from '../build-state.mjs'

/** `next start` is ready in under a second (TOOLCHAIN); a cold chDB load on a busy machine takes longer. */
const READY_TIMEOUT_MS = 60_000
/** SIGTERM gives the server time to close chDB and PGlite cleanly before SIGKILL. */
const STOP_TIMEOUT_MS = 15_000
/** Lines of server output kept to explain a failure. */
const LOG_LINES = 40

export function projectRoot(): string {
  return process.env.OVERSIGHT_ROOT ?? process.cwd()
}

function nextBin(root: string): string {
  return path.join(root, 'node_modules', '.bin', 'next')
}

/** Builds the app when the production build is missing or older than the sources (`next start` serves it). */
export async function ensureProductionBuild(log: (message: string) => void): Promise<void> {
  const root = projectRoot()
  const distDir = process.env.OVERSIGHT_DIST_DIR ?? '.next'
  if (!needsBuild(root, distDir)) return
  log(`the production build in ${distDir}/ is missing or older than the sources: running "next build" first (about a minute)`)
  const child = spawn(nextBin(root), ['build'], { cwd: root, stdio: ['ignore', process.stderr, process.stderr], env: process.env })
  registerCleanup(() => stopChild(child))
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve))
  if (code !== 0) throw new Error(`"next build" failed (exit ${code}); the benchmark needs a production build`)
}

/** A TCP port that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
  })
}

export interface RunningServer {
  url: string
  pid: number | undefined
  /** CPU time (user + system) the server process has used, in ms; null where /proc is missing. */
  cpuMs(): number | null
  /** The server's resident memory now, in MB; null where /proc is missing. */
  rssMb(): number | null
  /** Stops the server (SIGTERM, then SIGKILL) and waits for it to exit. */
  stop(): Promise<void>
  /** The last lines the server printed. */
  log(): string
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS)
    child.once('exit', () => {
      clearTimeout(timer)
      resolve()
    })
    child.kill('SIGTERM')
  })
}

/** Starts Oversight's server (scripts/serve.mjs, as `npm start` does) on a free port and waits for /api/health. */
export async function startServer(env: Record<string, string>): Promise<RunningServer> {
  const root = projectRoot()
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  const child = spawn(process.execPath, [path.join(root, 'scripts', 'serve.mjs'), '-p', String(port), '-H', '127.0.0.1'], {
    cwd: root,
    env: { ...process.env, ...env, NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const unregister = registerCleanup(() => stopChild(child))
  // Last resort when the CLI exits without cleaning up (an uncaught error): never leave a server behind.
  const killOnExit = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  }
  process.on('exit', killOnExit)
  const lines: string[] = []
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean))
    if (lines.length > LOG_LINES) lines.splice(0, lines.length - LOG_LINES)
  }
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  const server: RunningServer = {
    url,
    pid: child.pid,
    stop: async () => {
      await stopChild(child)
      unregister()
      process.off('exit', killOnExit)
    },
    log: () => lines.join('\n'),
    cpuMs: () => processCpuMs(child.pid),
    rssMb: () => processRssMb(child.pid),
  }
  const deadline = Date.now() + READY_TIMEOUT_MS
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with code ${child.exitCode} before it was ready:\n${server.log()}`)
    try {
      const response = await fetch(`${url}/api/health`)
      if (response.ok) return server
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await server.stop()
      throw new Error(`the server did not answer /api/health within ${READY_TIMEOUT_MS / 1000} s:\n${server.log()}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ; 100 on Linux). */
const CLOCK_TICKS_PER_S = 100

function processCpuMs(pid: number | undefined): number | null {
  if (pid === undefined) return null
  try {
    // Fields after the command name (which may hold spaces) start at state; utime and stime are the 12th and 13th.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_S
  } catch {
    return null
  }
}

function processRssMb(pid: number | undefined): number | null {
  if (pid === undefined) return null
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))
    return match ? Math.round(Number(match[1]) / 1024) : null
  } catch {
    return null
  }
}
