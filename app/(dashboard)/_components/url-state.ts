/**
 * Writing the view into the URL. The filters and options live in the query (SPEC §4: a view is a
 * link), and the dashboard pages read them on the client (useSearchParams) and fetch their own
 * figures: a change goes through history.pushState/replaceState, which Next's router follows
 * (usePathname and useSearchParams update) without a server round trip. router.push would first
 * fetch the page's server payload, and until it arrived the URL, and with it every picker bound
 * to it, kept the old view (0.6 s under 400 ms of latency).
 */
import { useSyncExternalStore } from 'react'

/** push: a history entry the back button undoes; replace: the current entry changes. */
export type HistoryMode = 'push' | 'replace'

/**
 * A picker stepped through with the keyboard (arrow keys on a closed select move its choice and
 * fire a change each) applies this long after the last step, or at once on Enter or leaving it:
 * one request for the choice, not one per step passed.
 */
export const KEY_STEP_COMMIT_MS = 500

/** Keys that move a closed select's choice one way or another (type-ahead letters included). */
export function isStepKey(key: string): boolean {
  if (key.length === 1) return key !== ' '
  return ['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'Home', 'End', 'PageUp', 'PageDown'].includes(key)
}

/** The current page with `query`; false when that is already the URL (nothing written). */
export function writeQuery(query: URLSearchParams, mode: HistoryMode): boolean {
  const search = query.toString()
  const url = `${window.location.pathname}${search ? `?${search}` : ''}`
  if (url === `${window.location.pathname}${window.location.search}`) return false
  if (mode === 'push') window.history.pushState(null, '', url)
  else window.history.replaceState(null, '', url)
  return true
}

/**
 * Whether the view on screen is behind the filters the person just chose: true from the frame of
 * the choice (the filter bar's own state) until the router hands the new URL to the page, which
 * takes a render of the whole page (0.1–0.7 s measured, longer on a busy machine), and through a
 * keyboard step's wait. The page's figures are dimmed by CSS meanwhile (`data-view-pending` on
 * <html>, no React render needed) and the small status parts read it (useViewPending).
 */
let viewPending = false
const viewPendingListeners = new Set<() => void>()

export function setViewPending(pending: boolean): void {
  if (pending === viewPending) return
  viewPending = pending
  document.documentElement.toggleAttribute('data-view-pending', pending)
  for (const listener of viewPendingListeners) listener()
}

function subscribeViewPending(listener: () => void): () => void {
  viewPendingListeners.add(listener)
  return () => viewPendingListeners.delete(listener)
}

export function useViewPending(): boolean {
  return useSyncExternalStore(
    subscribeViewPending,
    () => viewPending,
    () => false,
  )
}
