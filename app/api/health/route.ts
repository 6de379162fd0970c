export const dynamic = 'force-dynamic'

/**
 * GET /api/health, the one API route without credentials (SPEC §6). It answers from the process
 * alone: opening the stores here would make a liveness probe start chDB or initialise PGlite.
 */
export function GET(): Response {
  return Response.json({ status: 'ok' }, { headers: { 'Cache-Control': 'no-store' } })
}
