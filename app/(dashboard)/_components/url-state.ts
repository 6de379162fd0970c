/**
 * Writing the view into the URL. The filters and options live in the query (SPEC §4: a view is a
 * link), and the dashboard pages read them on the client (useSearchParams) and fetch their own
 * figures: a change goes through history.pushState/replaceState, which Next's router follows
 * (usePathname and useSearchParams update) without a server round trip. router.push would first
 * fetch the page's server payload, and until it arrived the URL, and with it every picker bound
 * to it, kept the old view (0.6 s under 400 ms of latency).
 */
import { useCallback, useEffect, useLayoutEffect, useRef, useState, useSyncExternalStore } from 'react'

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
// The controls whose choice the URL has not caught up with: the view is pending while any is.
const viewPendingOwners = new Set<symbol>()

function setViewPending(pending: boolean): void {
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

/**
 * Marks the view as behind while `pending` (from the frame it turns true: a layout effect), for
 * as long as this control says so or until it goes away. Several controls may be behind at once
 * (the filter bar and a page's own options); the view is pending while any of them is.
 */
export function useViewPendingWhile(pending: boolean): void {
  const [owner] = useState(() => Symbol('view-pending'))
  useLayoutEffect(() => {
    if (!pending) return
    viewPendingOwners.add(owner)
    setViewPending(true)
    return () => {
      viewPendingOwners.delete(owner)
      setViewPending(viewPendingOwners.size > 0)
    }
  }, [owner, pending])
}

/** How a control's change is written: a history entry or not, and now or after the keyboard's last step. */
export interface WriteHow {
  mode: HistoryMode
  delayMs?: number
}

/** A write waiting for the keyboard's last step, and the next change merged into it. */
export interface PendingWrite<P> {
  patch: P
  mode: HistoryMode
}

/**
 * The first write of a burst decides whether it pushes: the steps after a pushed first step
 * replace nothing of their own (they are one choice), and a burst that began by replacing stays so.
 */
export function mergeWrite<P extends object>(before: PendingWrite<P> | null, patch: P, mode: HistoryMode): PendingWrite<P> {
  return { patch: { ...before?.patch, ...patch }, mode: before?.mode === 'push' ? 'push' : mode }
}

/**
 * Writes patches with `commit`, merging the ones made while a keyboard step is pending (one
 * write, one request). A pending write is dropped when the control goes away (a link to another
 * page was followed).
 */
export function useDeferredWrite<P extends object>(commit: (patch: P, mode: HistoryMode) => void) {
  const pending = useRef<PendingWrite<P> | null>(null)
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)
  const commitRef = useRef(commit)
  useLayoutEffect(() => {
    commitRef.current = commit
  })

  const flush = useCallback(() => {
    clearTimeout(timer.current)
    const write = pending.current
    pending.current = null
    if (write) commitRef.current(write.patch, write.mode)
  }, [])

  const write = useCallback(
    (patch: P, how: WriteHow) => {
      pending.current = mergeWrite(pending.current, patch, how.mode)
      clearTimeout(timer.current)
      if (how.delayMs) timer.current = setTimeout(flush, how.delayMs)
      else flush()
    },
    [flush],
  )

  useEffect(() => () => clearTimeout(timer.current), [])
  return { write, flush }
}

/**
 * The options on screen: the URL's, with a choice the URL has not caught up with laid over them.
 * The choice counts only while the URL is the one it was made on (`choiceFor`): any change of the
 * URL (the write itself, the back button, another control) shows the URL again.
 */
export function shownOptions<T extends object>(
  fromUrl: T,
  urlKey: string,
  choice: { patch: Partial<T>; for: string } | null,
): { shown: T; behind: boolean } {
  if (!choice || choice.for !== urlKey) return { shown: fromUrl, behind: false }
  const behind = Object.entries(choice.patch).some(([key, value]) => (fromUrl as Record<string, unknown>)[key] !== value)
  return { shown: behind ? { ...fromUrl, ...choice.patch } : fromUrl, behind }
}
