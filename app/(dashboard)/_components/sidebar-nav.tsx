'use client'

import Link from 'next/link'
import { usePathname, useSearchParams } from 'next/navigation'
import { Suspense } from 'react'
import { filterQueryFromSearchParams } from '@/lib/filters'
import { isActivePath, NAV_ITEMS } from './nav-items'

/** The page links; they carry the current filters along so switching pages keeps the view. */
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
  return <NavLinks query={filterQueryFromSearchParams(searchParams)} />
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
