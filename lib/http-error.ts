import { z } from 'zod'
import { QueryTooExpensiveError, StoreUnavailableError } from './clickhouse'
import { StoreLockedError } from './data-dir-lock'
import { FilterError } from './filter-error'

/** The SPEC §4 error shape. */
export interface ErrorBody {
  error: { code: string; message: string; details?: unknown }
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly headers?: Record<string, string>,
  ) {
    super(message)
  }
}

/** Seconds a client should wait before retrying when the store is down. */
export const RETRY_AFTER_SECONDS = 5

export function errorResponse(status: number, code: string, message: string, details?: unknown, headers?: Record<string, string>): Response {
  const body: ErrorBody = { error: details === undefined ? { code, message } : { code, message, details } }
  return Response.json(body, { status, headers })
}

/** A zod failure as a 400 whose message names the parameter (or field). */
export function invalidRequest(error: z.ZodError, what = 'parameter'): HttpError {
  const issues = error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }))
  const first = issues[0]
  const message = first ? `Invalid ${what} ${first.path || '(root)'}: ${first.message}` : `Invalid ${what}`
  return new HttpError(400, 'invalid_request', message, { issues })
}

/** Maps any thrown value to the SPEC error shape; never leaks a stack trace. */
export function toErrorResponse(error: unknown): Response {
  if (error instanceof HttpError) return errorResponse(error.status, error.code, error.message, error.details, error.headers)
  if (error instanceof z.ZodError) return toErrorResponse(invalidRequest(error))
  if (error instanceof FilterError) {
    return errorResponse(400, 'invalid_request', `Invalid parameter ${error.parameter}: ${error.message}`, {
      issues: [{ path: error.parameter, message: error.message }],
    })
  }
  if (error instanceof StoreUnavailableError || error instanceof StoreLockedError) {
    return errorResponse(503, 'store_unavailable', `The data store is unavailable; retry in ${RETRY_AFTER_SECONDS} s. ${error.message}`, undefined, {
      'Retry-After': String(RETRY_AFTER_SECONDS),
    })
  }
  if (error instanceof QueryTooExpensiveError) {
    return errorResponse(422, 'query_too_expensive', 'The query exceeded its time or memory budget: narrow the date range or filters.')
  }
  console.error('[oversight] internal error:', error)
  return errorResponse(500, 'internal_error', 'Something went wrong on the server; the error was logged.')
}

type Handler<C> = (request: Request, context: C) => Promise<Response>

/** Wraps a route handler so every failure becomes the SPEC error shape. */
export function withErrors<C>(handler: Handler<C>): Handler<C> {
  return async (request, context) => {
    try {
      return await handler(request, context)
    } catch (error) {
      return toErrorResponse(error)
    }
  }
}
