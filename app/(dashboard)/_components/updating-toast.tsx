'use client'

import { useViewPending } from './url-state'

/**
 * While a new view loads over the previous one's figures: a note pinned to the bottom of the
 * window, whatever is scrolled into view, and announced to screen readers. The live region stays
 * in the page (empty when idle) so that its change is what gets announced.
 */
export function UpdatingToast({ updating: loading }: { updating: boolean }) {
  // Also from the frame a filter is chosen, before the page has re-rendered for it (url-state.ts).
  const updating = useViewPending() || loading
  return (
    <div className="updating-toast" role="status" data-testid="updating-toast">
      {updating ? (
        <span className="updating-toast-body">
          <span className="spinner" aria-hidden="true" />
          Updating the figures…
        </span>
      ) : null}
    </div>
  )
}
