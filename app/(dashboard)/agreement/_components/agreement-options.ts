/**
 * The Agreement page's own filters on reviews (SPEC §3: `reviewer_id`, `queue`), kept in the URL
 * next to the dashboard filters: `?model=…&reviewer_id=r07-grace&queue=fraud-detector`.
 */
import { readPageParam, withPageParams, type ParamsReader } from '../../_components/page-params'

export const AGREEMENT_OPTION_KEYS = ['reviewer_id', 'queue'] as const

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
  return withPageParams(current, AGREEMENT_OPTION_KEYS, patch)
}
