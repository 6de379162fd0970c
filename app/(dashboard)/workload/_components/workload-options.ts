/**
 * The Workload page's own parameters, kept in the URL next to the dashboard filters: the filters
 * on an item's first review (SPEC §3: `reviewer_id`, `queue`), which the API takes, and the
 * reviewer table's sort (`sort`, `dir`), which stays on the page:
 * `?model=…&reviewer_id=r04-dave&queue=fraud-detector&sort=reviews_per_active_hour&dir=asc`.
 */
import { readPageParam, withPageParams, type ParamsReader } from '../../_components/page-params'

export const WORKLOAD_OPTION_KEYS = ['reviewer_id', 'queue'] as const
/** Every parameter of the page, in the order the URL lists them (the sort after the API's). */
const WORKLOAD_PAGE_KEYS = [...WORKLOAD_OPTION_KEYS, 'sort', 'dir'] as const

/** What the API takes; absent means every reviewer, every queue. */
export type WorkloadApiOptions = {
  reviewer_id?: string
  queue?: string
}

export function readWorkloadOptions(params: ParamsReader): WorkloadApiOptions {
  const options: WorkloadApiOptions = {}
  const reviewer = readPageParam(params, 'reviewer_id')
  const queue = readPageParam(params, 'queue')
  if (reviewer) options.reviewer_id = reviewer
  if (queue) options.queue = queue
  return options
}

/** The URL query after changing the reviewer or queue; undefined or "" clears one. */
export function updateWorkloadOptions(current: URLSearchParams, patch: Partial<Record<keyof WorkloadApiOptions, string | undefined>>): URLSearchParams {
  return withPageParams(current, WORKLOAD_PAGE_KEYS, patch)
}

// ---------------------------------------------------------------------------------------------
// The reviewer table's sort

export const REVIEWER_SORT_KEYS = ['reviewer_id', 'reviews', 'reviews_per_active_hour', 'active_hours', 'handle_p50', 'handle_p90', 'shift_share'] as const
export type ReviewerSortKey = (typeof REVIEWER_SORT_KEYS)[number]
export type SortDirection = 'asc' | 'desc'

export interface ReviewerSort {
  key: ReviewerSortKey
  direction: SortDirection
}

/** Most reviews first: the table's order when the URL names none (and then it names none). */
export const DEFAULT_REVIEWER_SORT: ReviewerSort = { key: 'reviews', direction: 'desc' }

/** Names A→Z; every figure largest first (the busiest, the slowest on top). */
export function defaultDirection(key: ReviewerSortKey): SortDirection {
  return key === 'reviewer_id' ? 'asc' : 'desc'
}

/** The sort in the URL; an unknown column is the default sort, a missing or unknown direction the column's default. */
export function readReviewerSort(params: ParamsReader): ReviewerSort {
  const key = readPageParam(params, 'sort')
  if (!key || !(REVIEWER_SORT_KEYS as readonly string[]).includes(key)) return DEFAULT_REVIEWER_SORT
  const sortKey = key as ReviewerSortKey
  const dir = readPageParam(params, 'dir')
  return { key: sortKey, direction: dir === 'asc' || dir === 'desc' ? dir : defaultDirection(sortKey) }
}

/** The URL query for a sort: the default writes nothing, a column's default direction no `dir`. */
export function updateReviewerSort(current: URLSearchParams, sort: ReviewerSort): URLSearchParams {
  const isDefault = sort.key === DEFAULT_REVIEWER_SORT.key && sort.direction === DEFAULT_REVIEWER_SORT.direction
  return withPageParams(current, WORKLOAD_PAGE_KEYS, {
    sort: isDefault ? undefined : sort.key,
    dir: isDefault || sort.direction === defaultDirection(sort.key) ? undefined : sort.direction,
  })
}

/** Clicking a header: the same column flips its direction, another one starts in its default. */
export function nextSort(current: ReviewerSort, clicked: ReviewerSortKey): ReviewerSort {
  if (current.key === clicked) return { key: clicked, direction: current.direction === 'asc' ? 'desc' : 'asc' }
  return { key: clicked, direction: defaultDirection(clicked) }
}
