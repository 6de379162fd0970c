'use client'

import { useState, type FormEvent } from 'react'
import { safeNextPath } from '@/lib/auth/next-path'
import styles from '../login.module.css'

/** Messages for the error codes the login route puts in the URL after a form post without JavaScript. */
const ERROR_MESSAGES: Record<string, string> = {
  credentials: 'Wrong username or password.',
  rate_limited: 'Too many failed attempts. Wait a few minutes and try again.',
  invalid: 'Enter your username and password.',
  busy: 'The server is handling many sign-ins right now. Try again in a moment.',
}

function waitText(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds <= 0) return 'a few minutes'
  return seconds < 90 ? `${Math.ceil(seconds)} seconds` : `${Math.ceil(seconds / 60)} minutes`
}

async function messageFor(response: Response): Promise<string> {
  if (response.status === 401) return ERROR_MESSAGES.credentials
  if (response.status === 429) return `Too many failed attempts. Try again in ${waitText(Number(response.headers.get('Retry-After')))}.`
  const body: unknown = await response.json().catch(() => null)
  const message = (body as { error?: { message?: unknown } } | null)?.error?.message
  return typeof message === 'string' ? message : 'Sign-in failed. Try again.'
}

/**
 * The sign-in form. It posts JSON with fetch to show errors in place; without JavaScript the same
 * form posts to the same route, which redirects back here with `?error=`.
 */
export function LoginForm({ next, initialError }: { next: string; initialError?: string }) {
  const [error, setError] = useState<string | null>(initialError ? (ERROR_MESSAGES[initialError] ?? null) : null)
  const [pending, setPending] = useState(false)

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const data = new FormData(event.currentTarget)
    setPending(true)
    setError(null)
    try {
      const response = await fetch('/api/auth/login', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        credentials: 'same-origin',
        body: JSON.stringify({ username: data.get('username'), password: data.get('password'), next }),
      })
      if (response.ok) {
        // A full navigation, so every server component renders with the new session cookie.
        window.location.assign(safeNextPath(next))
        return
      }
      setError(await messageFor(response))
    } catch {
      setError('Could not reach the server. Check your connection and try again.')
    }
    setPending(false)
  }

  return (
    <main className={styles.page}>
      <div className="login-card">
        <h1 className={styles.title}>Sign in to Oversight</h1>
        <form method="post" action="/api/auth/login" onSubmit={onSubmit} className={styles.form}>
          <input type="hidden" name="next" value={next} />
          <div className="field">
            <label htmlFor="login-username">Username</label>
            <input id="login-username" name="username" autoComplete="username" required maxLength={64} autoFocus />
          </div>
          <div className="field">
            <label htmlFor="login-password">Password</label>
            <input id="login-password" name="password" type="password" autoComplete="current-password" required />
          </div>
          <p className={`error-text ${styles.error}`} role="alert" aria-live="polite">
            {error}
          </p>
          <button className="button-primary" type="submit" disabled={pending}>
            {pending ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
      </div>
    </main>
  )
}
