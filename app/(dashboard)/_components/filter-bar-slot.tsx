'use client'

import { usePathname } from 'next/navigation'
import { FilterBar } from './filter-bar'
import { pageFollowsFilters } from './nav-items'

/** The filter bar on the pages it applies to; nothing on the others (settings), so it never looks like it filters them. */
export function FilterBarSlot() {
  return pageFollowsFilters(usePathname()) ? <FilterBar /> : null
}
