'use client'

import Link from 'next/link'
import { usePathname, useSearchParams } from 'next/navigation'
import { Suspense } from 'react'
import { isActivePath, NAV_ITEMS } from './nav-items'
import { linkQuery } from './page-params'

/** The page links; they carry the current filters (and the auto-refresh) along so switching pages keeps the view. */
export function SidebarNav() {
  return (
    <nav className="sidebar-nav" aria-label="Main">
      <Suspense fallback={<NavLinks query="" />}>
        <NavLinksWithFilters />
      </Suspense>
    </nav>
  )
}

function NavLinksWithFilters() {
  const searchParams = useSearchParams()
  return <NavLinks query={linkQuery(searchParams)} />
}

function NavLinks({ query }: { query: string }) {
  const pathname = usePathname()
  return (
    <ul>
      {NAV_ITEMS.map((item) => {
        const active = isActivePath(pathname, item.href)
        return (
          <li key={item.href}>
            <Link
              href={`${item.href}${query}`}
              className={active ? 'nav-link active' : 'nav-link'}
              aria-current={active ? 'page' : undefined}
              title={item.description}
            >
              {item.label}
            </Link>
          </li>
        )
      })}
    </ul>
  )
}
