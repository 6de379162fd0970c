// Sheds a sign-in flood before Next.js sees it. Every request costs Next ~2–3 ms of the event loop
// (measured: /api/health 2.0 ms, a refused sign-in 3.1 ms of CPU), so a burst of 100 sign-ins
// held metric requests back by ~300 ms even when each was refused at once by the route's limits.
// Here, past MAX_SIGN_INS_IN_FLIGHT sign-ins being handled, a further one is answered 503 with
// Retry-After by node:http itself (~0.1 ms), in the API's error shape. The route's own limits
// (lib/auth/rate-limit.ts) and hash gate (lib/auth/hash-gate.ts) still decide every admitted one.

export const SIGN_IN_PATH = '/api/auth/login'
/** A team signing in at once fits; 16 measured 2.1× the idle overview p95 under a flood, 8 measured 1.6×. */
export const MAX_SIGN_INS_IN_FLIGHT = 8
export const DOOR_RETRY_AFTER_SECONDS = 1

const BUSY_BODY = JSON.stringify({
  error: { code: 'busy', message: `Too many sign-ins at once; retry in ${DOOR_RETRY_AFTER_SECONDS} s.` },
})

export function createSignInDoor(maxInFlight = MAX_SIGN_INS_IN_FLIGHT) {
  let inFlight = 0
  return {
    get inFlight() {
      return inFlight
    },
    /**
     * True when the request may go on to Next. A refused one has been answered here.
     * @param {import('node:http').IncomingMessage} request
     * @param {import('node:http').ServerResponse} response
     */
    admit(request, response) {
      if (request.method !== 'POST') return true
      const path = (request.url ?? '').split('?')[0].replace(/\/+$/, '').toLowerCase()
      if (path !== SIGN_IN_PATH) return true
      if (inFlight >= maxInFlight) {
        // Drain the body so the connection can be reused, then answer.
        request.resume()
        response.writeHead(503, {
          'content-type': 'application/json',
          'cache-control': 'no-store',
          'retry-after': String(DOOR_RETRY_AFTER_SECONDS),
        })
        response.end(BUSY_BODY)
        return false
      }
      inFlight++
      response.once('close', () => inFlight--)
      return true
    },
  }
}
