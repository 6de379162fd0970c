import type { ReactNode } from 'react'

/** A page not built yet: says what it will show, inside the normal shell and filter bar. */
export function ComingSoon({
  title,
  intro,
  items,
  followsFilters = true,
}: {
  title: string
  intro: ReactNode
  items: readonly string[]
  /** False for pages the dashboard filters do not apply to (settings). */
  followsFilters?: boolean
}) {
  return (
    <>
      <header className="page-header">
        <h1>{title}</h1>
        <span className="badge">Coming soon</span>
      </header>
      <section className="card coming-soon">
        <p>{intro}</p>
        <p className="muted">This page will show:</p>
        <ul>
          {items.map((item) => (
            <li key={item}>{item}</li>
          ))}
        </ul>
        {followsFilters ? (
          <p className="muted small">It will follow the filters above (model, segment, version and dates), like the Overview.</p>
        ) : null}
      </section>
    </>
  )
}
