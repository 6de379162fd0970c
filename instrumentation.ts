/**
 * Runs once when the server starts: migrations for both stores and the first admin, so that a
 * plain `next start` is as ready as `npm start`. Closes the stores on shutdown.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return
  const { startServer } = await import('./server/lifecycle')
  await startServer()
}
