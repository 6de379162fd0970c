import { z } from 'zod'
import { getDb } from '@/lib/db'
import { getEnv } from '@/lib/env'
import { HttpError, invalidRequest, withErrors } from '@/lib/http-error'
import { readBodyWithLimit } from '@/lib/request-body'
import { ensureAdminOnce } from '@/lib/auth/bootstrap'
import { isSameOriginRequest } from '@/lib/auth/csrf'
import { safeNextPath } from '@/lib/auth/next-path'
import { MAX_PASSWORD_LENGTH } from '@/lib/auth/password'
import { GateFullError, getHashGate } from '@/lib/auth/hash-gate'
import { getSignInLimiter } from '@/lib/auth/rate-limit'
import { requestClientAddress } from '@/lib/net/client-address'
import { createSession, isSecureRequest, sessionCookie } from '@/lib/auth/sessions'
import { verifyCredentials } from '@/lib/auth/users'

export const dynamic = 'force-dynamic'

/** A sign-in body is tiny; 16 KiB leaves room for a long `next` and stops oversized posts early. */
const MAX_LOGIN_BODY_BYTES = 16 * 1024

const LoginInput = z.object({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(MAX_PASSWORD_LENGTH),
  next: z.string().max(2048).optional(),
})

/** Form posts (the login page without JavaScript) get redirects; JSON clients get JSON. */
function isFormPost(request: Request): boolean {
  return !/application\/json/i.test(request.headers.get('content-type') ?? '')
}

async function readInput(request: Request, form: boolean): Promise<unknown> {
  const body = await readBodyWithLimit(request, MAX_LOGIN_BODY_BYTES)
  if (!form) {
    try {
      return JSON.parse(new TextDecoder().decode(body))
    } catch {
      throw new HttpError(400, 'invalid_request', 'The body is not valid JSON: send {"username": "...", "password": "..."}.')
    }
  }
  const contentType = request.headers.get('content-type') ?? 'application/x-www-form-urlencoded'
  const data = await new Response(new Uint8Array(body), { headers: { 'content-type': contentType } }).formData().catch(() => {
    throw new HttpError(400, 'invalid_request', 'The body is not a form: send username and password fields.')
  })
  return Object.fromEntries([...data.entries()].filter((entry): entry is [string, string] => typeof entry[1] === 'string'))
}

function redirectTo(location: string, cookie?: string): Response {
  const headers = new Headers({ Location: location, 'Cache-Control': 'no-store' })
  if (cookie) headers.set('Set-Cookie', cookie)
  return new Response(null, { status: 303, headers })
}

/** Back to the login page with an error code the page turns into a message. */
function backToLogin(error: string, next: string | undefined): Response {
  const params = new URLSearchParams({ error })
  if (next) params.set('next', safeNextPath(next))
  return redirectTo(`/login?${params}`)
}

/** The `next` field of an input that failed validation, so the retry still lands there. */
function rawNext(input: unknown): string | undefined {
  if (typeof input !== 'object' || input === null) return undefined
  const next = (input as Record<string, unknown>).next
  return typeof next === 'string' ? next : undefined
}

/**
 * POST /api/auth/login with JSON or a form: `{username, password, next?}`. Signs in and sets the
 * session cookie. Same-site only (login CSRF), rate limited (lib/auth/rate-limit.ts: per username and
 * address, per address, softly per username, globally), the password check bounded by the hash gate.
 */
export const POST = withErrors(async (request: Request) => {
  const form = isFormPost(request)
  if (!isSameOriginRequest(request.headers, request.url)) {
    throw new HttpError(403, 'csrf_failed', 'Cross-site sign-in refused: the Origin (or Referer) header must name this server.')
  }
  const input = await readInput(request, form)
  const parsed = LoginInput.safeParse(input)
  if (!parsed.success) {
    if (form) return backToLogin('invalid', rawNext(input))
    throw invalidRequest(parsed.error, 'field')
  }
  const { username, password, next } = parsed.data

  await ensureAdminOnce()
  const limiter = getSignInLimiter()
  const decision = limiter.begin(username, requestClientAddress(request), Date.now())
  if (!decision.allowed) {
    if (form) return backToLogin('rate_limited', next)
    throw new HttpError(429, 'rate_limited', `Too many failed sign-in attempts; try again in ${decision.retryAfterSeconds} s.`, undefined, {
      'Retry-After': String(decision.retryAfterSeconds),
    })
  }
  if (decision.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, decision.delayMs))

  const db = await getDb()
  let user
  try {
    user = await getHashGate().run(() => verifyCredentials(db, username, password), { priority: decision.knownAddress })
  } catch (error) {
    if (!(error instanceof GateFullError)) throw error
    if (form) return backToLogin('busy', next)
    throw new HttpError(503, 'busy', `Too many sign-ins at once; retry in ${error.retryAfterSeconds} s.`, undefined, {
      'Retry-After': String(error.retryAfterSeconds),
    })
  }
  if (!user) {
    if (form) return backToLogin('credentials', next)
    // One message for unknown user, wrong password and disabled user: no account enumeration.
    throw new HttpError(401, 'invalid_credentials', 'Wrong username or password.')
  }
  limiter.succeeded(decision.attempt, Date.now())

  const ttlHours = getEnv().sessionTtlHours
  const { token } = await createSession(db, user.id, new Date(), ttlHours)
  const cookie = sessionCookie(token, { secure: isSecureRequest(request), ttlHours })
  if (form) return redirectTo(safeNextPath(next), cookie)
  return Response.json(
    { user: { id: user.id, username: user.username, role: user.role } },
    { headers: { 'Set-Cookie': cookie, 'Cache-Control': 'no-store' } },
  )
})
