import type { z } from 'zod'
import { HttpError } from './http-error'
import { readBodyWithLimit } from './request-body'

/** Settings bodies are a few fields: 64 KiB is ample and stops an oversized post early. */
export const MAX_JSON_BODY_BYTES = 64 * 1024

type Issue = { path: string; message: string }

/** zod issues as SPEC error details; an unknown field is named by itself, not by its parent object. */
function issuesOf(error: z.ZodError): Issue[] {
  return error.issues.flatMap((issue): Issue[] => {
    const path = issue.path.map(String)
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: [...path, key].join('.'), message: 'unknown field' }))
    }
    return [{ path: path.join('.'), message: issue.message }]
  })
}

/**
 * Reads a JSON request body and parses it with `schema` (a strict object refuses unknown fields).
 * An empty body counts as `{}`, so endpoints whose fields are all optional can be called bare.
 * 400 `invalid_request` naming the field, 413 over MAX_JSON_BODY_BYTES.
 */
export async function parseJsonBody<S extends z.ZodType>(request: Request, schema: S): Promise<z.infer<S>> {
  const text = new TextDecoder().decode(await readBodyWithLimit(request, MAX_JSON_BODY_BYTES))
  let value: unknown = {}
  if (text.trim() !== '') {
    try {
      value = JSON.parse(text)
    } catch {
      throw new HttpError(400, 'invalid_request', 'The body is not valid JSON: send a JSON object with Content-Type: application/json.')
    }
  }
  const parsed = schema.safeParse(value)
  if (parsed.success) return parsed.data
  const issues = issuesOf(parsed.error)
  const first = issues[0]
  const message = first ? `Invalid field ${first.path || '(body)'}: ${first.message}` : 'Invalid body'
  throw new HttpError(400, 'invalid_request', message, { issues })
}
