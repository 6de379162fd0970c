/**
 * Browser-side fetch wrapper for the Oversight API. Same origin, session cookie included.
 * Every failure is an ApiError carrying the SPEC §4 error shape
 * `{"error": {"code", "message", "details"}}`, so pages can show the server's own message.
 */

/** What apiGet needs from a schema: zod's safeParse (any zod schema fits). */
export interface ResponseSchema<T> {
  safeParse(data: unknown): { success: true; data: T } | { success: false; error: { message: string } }
}

export type QueryParams = Record<string, string | number | boolean | null | undefined>

export class ApiError extends Error {
  override readonly name = 'ApiError'
  constructor(
    /** HTTP status; 0 when the server could not be reached. */
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message)
  }

  /** A client error (bad filter, not allowed…): retrying the same request cannot help. */
  get isClientError(): boolean {
    return this.status >= 400 && this.status < 500
  }
}

/** Where an expired or missing session sends the browser. */
export const LOGIN_PATH = '/login'

/** path + params → a same-origin relative URL; empty, null and undefined params are left out. */
export function buildApiUrl(path: string, params: QueryParams = {}): string {
  const query = new URLSearchParams()
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue
    query.set(key, String(value))
  }
  const qs = query.toString()
  if (!qs) return path
  return `${path}${path.includes('?') ? '&' : '?'}${qs}`
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Reads the SPEC error body; falls back to the status text for anything else (a proxy's HTML page…). */
export function apiErrorFromBody(status: number, statusText: string, body: unknown): ApiError {
  const error = isRecord(body) && isRecord(body.error) ? body.error : undefined
  const code = typeof error?.code === 'string' ? error.code : `http_${status}`
  const message =
    typeof error?.message === 'string' && error.message
      ? error.message
      : `The server answered ${status}${statusText ? ` ${statusText}` : ''}.`
  return new ApiError(status, code, message, error?.details)
}

function redirectToLogin(): void {
  if (typeof window === 'undefined') return
  if (window.location.pathname === LOGIN_PATH) return
  const next = `${window.location.pathname}${window.location.search}`
  window.location.assign(`${LOGIN_PATH}?next=${encodeURIComponent(next)}`)
}

/**
 * GET a JSON resource. Throws ApiError on a non-2xx answer (with the server's code and message),
 * on a network failure (status 0) and when the body does not match `schema`. A 401 also sends the
 * browser to the login page, keeping the current view as `next`.
 */
export async function apiGet<T>(path: string, params: QueryParams = {}, schema?: ResponseSchema<T>, init?: { signal?: AbortSignal }): Promise<T> {
  return apiFetch(buildApiUrl(path, params), path, { method: 'GET', headers: { Accept: 'application/json' }, signal: init?.signal }, schema)
}

/**
 * POST, PATCH, PUT or DELETE a JSON body (or none) and read the JSON answer, with apiGet's errors.
 * Same origin, so the session cookie goes along and the server's CSRF origin check passes.
 */
export async function apiSend<T>(method: 'POST' | 'PATCH' | 'PUT' | 'DELETE', path: string, body?: unknown, schema?: ResponseSchema<T>): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' }
  if (body !== undefined) headers['Content-Type'] = 'application/json'
  return apiFetch(path, path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }, schema)
}

async function apiFetch<T>(url: string, path: string, init: RequestInit, schema?: ResponseSchema<T>): Promise<T> {
  let response: Response
  try {
    response = await fetch(url, { ...init, credentials: 'include' })
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error
    throw new ApiError(0, 'network_error', 'Could not reach the Oversight server. Check your connection and retry.')
  }

  let body: unknown = undefined
  const text = await response.text()
  if (text) {
    try {
      body = JSON.parse(text)
    } catch {
      body = undefined
    }
  }

  if (!response.ok) {
    if (response.status === 401) redirectToLogin()
    throw apiErrorFromBody(response.status, response.statusText, body)
  }
  if (body === undefined) {
    throw new ApiError(response.status, 'invalid_response', `The server's answer to ${path} was not JSON.`)
  }
  if (!schema) return body as T
  const parsed = schema.safeParse(body)
  if (!parsed.success) {
    throw new ApiError(response.status, 'invalid_response', `The server's answer to ${path} had an unexpected shape: ${parsed.error.message}`)
  }
  return parsed.data
}

/** One retry covers a blip (a restart, a 503 while the store comes back); more only delays the error. */
const MAX_RETRIES = 1

/** react-query's retry policy: once, except on a 4xx (bad filter, signed out, not allowed), which answers the same again. */
export function shouldRetryQuery(failureCount: number, error: unknown): boolean {
  if (error instanceof ApiError && error.isClientError) return false
  return failureCount < MAX_RETRIES
}
