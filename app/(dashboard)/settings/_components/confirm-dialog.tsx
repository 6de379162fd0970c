'use client'

import { useEffect, useId, useRef, type FormEvent, type ReactNode } from 'react'

/**
 * A modal confirmation on the native <dialog>: focus moves into it and stays there, Escape or
 * Cancel closes it, and focus returns to the button that opened it. Mount it to open it.
 * `children` may hold form fields; `onConfirm` gets the form's data.
 */
export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  pendingLabel,
  danger = false,
  pending,
  error,
  onConfirm,
  onCancel,
}: {
  title: string
  children: ReactNode
  confirmLabel: string
  pendingLabel: string
  danger?: boolean
  pending: boolean
  /** What went wrong, in words that say what to do next. */
  error: string | null
  onConfirm: (data: FormData) => void
  onCancel: () => void
}) {
  const id = useId()
  const ref = useRef<HTMLDialogElement>(null)

  useEffect(() => {
    const dialog = ref.current
    if (dialog && !dialog.open) dialog.showModal()
    return () => dialog?.close()
  }, [])

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    if (!pending) onConfirm(new FormData(event.currentTarget))
  }

  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={`${id}-title`}
      onCancel={(event) => {
        // Escape: let React state close it, so the two never disagree.
        event.preventDefault()
        if (!pending) onCancel()
      }}
    >
      <form onSubmit={onSubmit} className="dialog-body">
        <h2 id={`${id}-title`}>{title}</h2>
        {children}
        {error ? (
          <p className="error-text" role="alert">
            {error}
          </p>
        ) : null}
        <div className="dialog-actions">
          <button type="button" className="button-secondary" onClick={onCancel} disabled={pending}>
            Cancel
          </button>
          <button type="submit" className={danger ? 'button-danger' : 'button-primary'} disabled={pending}>
            {pending ? pendingLabel : confirmLabel}
          </button>
        </div>
      </form>
    </dialog>
  )
}
