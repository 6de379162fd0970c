/**
 * The Agreement page's own parameters, kept in the URL next to the dashboard filters: its filters
 * on reviews (SPEC §3: `reviewer_id`, `queue`), which the API takes, and the reviewer table's sort
 * (`sort`, `dir`), which stays on the page: `?model=…&reviewer_id=r07-grace&sort=gold_accuracy&dir=asc`.
 */
import { readPageParam, withPageParams, type ParamsReader } from '../../_components/page-params'
import { defaultDirection, type ReviewerSortKey, type SortDirection } from './prepare'

export const AGREEMENT_OPTION_KEYS = ['reviewer_id', 'queue'] as const
/** Every parameter of the page, in the order the URL lists them (the sort after the API's). */
const AGREEMENT_PAGE_KEYS = [...AGREEMENT_OPTION_KEYS, 'sort', 'dir'] as const

/** What the API takes; absent means every reviewer, every queue. */
export type AgreementApiOptions = {
  reviewer_id?: string
  queue?: string
}

export function readAgreementOptions(params: ParamsReader): AgreementApiOptions {
  const options: AgreementApiOptions = {}
  const reviewer = readPageParam(params, 'reviewer_id')
  const queue = readPageParam(params, 'queue')
  if (reviewer) options.reviewer_id = reviewer
  if (queue) options.queue = queue
  return options
}

/** The URL query after changing the reviewer or queue; undefined or "" clears one. */
export function updateAgreementOptions(current: URLSearchParams, patch: Partial<Record<keyof AgreementApiOptions, string | undefined>>): URLSearchParams {
  return withPageParams(current, AGREEMENT_PAGE_KEYS, patch)
}

// ---------------------------------------------------------------------------------------------
// The reviewer table's sort

export interface ReviewerSort {
  key: ReviewerSortKey
  direction: SortDirection
}

const SORT_KEYS: readonly ReviewerSortKey[] = ['reviewer_id', 'reviews', 'agreement_with_model', 'agreement_with_majority', 'gold_accuracy', 'median_handle_ms']

/** Most reviews first: the table's order when the URL names none (and then it names none). */
export const DEFAULT_REVIEWER_SORT: ReviewerSort = { key: 'reviews', direction: 'desc' }

/** The sort in the URL; an unknown column is the default sort, a missing or unknown direction the column's default. */
export function readReviewerSort(params: ParamsReader): ReviewerSort {
  const key = readPageParam(params, 'sort')
  if (!key || !(SORT_KEYS as readonly string[]).includes(key)) return DEFAULT_REVIEWER_SORT
  const sortKey = key as ReviewerSortKey
  const dir = readPageParam(params, 'dir')
  return { key: sortKey, direction: dir === 'asc' || dir === 'desc' ? dir : defaultDirection(sortKey) }
}

/** The URL query for a sort: the default writes nothing, a column's default direction no `dir`. */
export function updateReviewerSort(current: URLSearchParams, sort: ReviewerSort): URLSearchParams {
  const isDefault = sort.key === DEFAULT_REVIEWER_SORT.key && sort.direction === DEFAULT_REVIEWER_SORT.direction
  return withPageParams(current, AGREEMENT_PAGE_KEYS, {
    sort: isDefault ? undefined : sort.key,
    dir: isDefault || sort.direction === defaultDirection(sort.key) ? undefined : sort.direction,
  })
}
