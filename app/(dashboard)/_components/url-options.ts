'use client'

import { useSearchParams } from 'next/navigation'
import { useState } from 'react'
import { shownOptions, useDeferredWrite, useViewPendingWhile, writeQuery, type WriteHow } from './url-state'

/**
 * A page's own options kept in the URL (`read` from the query, `update` writes a patch into it),
 * as its controls show them: a choice at once, in the frame it is made, while the router takes a
 * render of the whole page (0.1–0.7 s) to hand the new URL over; the view is marked as behind
 * meanwhile. `apply` writes at once or, for a keyboard step, after the last one (WriteHow). The
 * filter bar works the same way over the filters (filter-bar.tsx).
 */
export function useUrlOptions<T extends object>(
  read: (params: URLSearchParams) => T,
  update: (current: URLSearchParams, patch: NoInfer<Partial<T>>) => URLSearchParams,
) {
  const searchParams = useSearchParams()
  const urlKey = searchParams.toString()
  const fromUrl = read(new URLSearchParams(urlKey))
  const [choice, setChoice] = useState<{ patch: Partial<T>; for: string } | null>(null)
  // Once the URL has moved on the choice is done with: dropped, so that going back to the URL it
  // was made on does not bring it back.
  if (choice !== null && choice.for !== urlKey) setChoice(null)
  const { shown, behind } = shownOptions(fromUrl, urlKey, choice)
  useViewPendingWhile(behind)

  const writer = useDeferredWrite<Partial<T>>((patch, mode) => writeQuery(update(new URLSearchParams(window.location.search), patch), mode))

  function apply(patch: Partial<T>, how: WriteHow = { mode: 'push' }) {
    setChoice((current) => ({ patch: { ...(current?.for === urlKey ? current.patch : {}), ...patch }, for: urlKey }))
    writer.write(patch, how)
  }

  return { options: shown, urlOptions: fromUrl, behind, apply, flush: writer.flush }
}
