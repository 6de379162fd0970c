/** The `{username}` path segment, decoded once; a malformed escape names no user (the service then answers 404). */
export function usernameParam(raw: string): string {
  try {
    return decodeURIComponent(raw)
  } catch {
    return raw
  }
}
