import { ApiError } from '@/lib/api-client'

/**
 * A failed change in words that say what to do next. The server's own message is kept (it names
 * the field, or says e.g. who is the last admin); a few statuses get a next step added.
 */
export function changeErrorMessage(error: unknown, forbiddenHint = 'Only administrators manage users and API keys; sign in as one.'): string {
  if (!(error instanceof ApiError)) return 'Something went wrong in the page. Reload it and try again.'
  if (error.status === 0) return error.message
  if (error.status === 403) return `${error.message} ${forbiddenHint}`
  if (error.status === 409 || error.status === 400 || error.status === 404) return error.message
  if (error.status === 503) return `${error.message} Nothing was changed; try again in a few seconds.`
  return `${error.message} Nothing was changed; try again, and check the server log if it keeps failing.`
}
