/**
 * Cleanup for the benchmark's temporary resources (server processes, data dirs): run in reverse
 * order on normal completion, on failure and on Ctrl-C / SIGTERM.
 */

type Task = () => unknown

const tasks = new Set<Task>()
let signalsHooked = false

async function runAll(): Promise<void> {
  for (const task of [...tasks].reverse()) {
    tasks.delete(task)
    try {
      await task()
    } catch (error) {
      process.stderr.write(`bench cleanup: ${error instanceof Error ? error.message : String(error)}\n`)
    }
  }
}

function onSignal(signal: NodeJS.Signals): void {
  process.stderr.write(`\nbench: ${signal}, cleaning up…\n`)
  void runAll().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143))
}

/** Registers a cleanup task; returns a function that removes it (when the resource was released normally). */
export function registerCleanup(task: Task): () => void {
  if (!signalsHooked) {
    signalsHooked = true
    process.once('SIGINT', onSignal)
    process.once('SIGTERM', onSignal)
  }
  tasks.add(task)
  return () => {
    tasks.delete(task)
  }
}

/** Runs every registered task now (end of the benchmark). */
export function runCleanup(): Promise<void> {
  return runAll()
}
