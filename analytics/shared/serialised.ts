// One write at a time per process: ingest batches and the facts refresh take turns, so that two
// concurrent requests carrying the same event_id cannot both pass the membership check and a
// refresh never reads a batch half written.
let queue: Promise<unknown> = Promise.resolve()

/** Runs `task` after every task queued before it has settled. */
export function serialised<T>(task: () => Promise<T>): Promise<T> {
  const run = queue.then(task, task)
  queue = run.catch(() => undefined)
  return run
}
