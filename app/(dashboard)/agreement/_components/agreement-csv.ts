/**
 * The rows behind each table and chart of the Agreement page as CSV downloads (the kit's
 * `csv` prop on ChartCard and TableCard): the API's figures unformatted, one file name per view.
 */
import { csvExport, scopedCsvFileName, type CsvExport } from '../../_components/csv'
import type { AgreementResponse } from '@/analytics/agreement/agreement.schema'
import type { Confusion, ReviewerRow } from './prepare'

/** "agreement-<what>-<model>-…-<days>", with the reviewer and queue when the view has them. */
export function agreementCsvName(filters: AgreementResponse['filters'], what: string): string {
  const parts = [what, filters.reviewer_id ? `reviewer ${filters.reviewer_id}` : null, filters.queue ? `queue ${filters.queue}` : null]
  return scopedCsvFileName('agreement', parts.filter((p) => p !== null).join(' '), filters)
}

/** The reviewer table as shown (its order), with the flags' names. */
export function reviewersCsv(data: AgreementResponse, rows: readonly ReviewerRow[]): CsvExport {
  return csvExport(agreementCsvName(data.filters, 'reviewers'), rows, [
    { header: 'reviewer_id', value: (r) => r.reviewer.reviewer_id },
    { header: 'reviews', value: (r) => r.reviewer.reviews },
    { header: 'agreement_with_model', value: (r) => r.reviewer.agreement_with_model },
    { header: 'agreement_with_majority', value: (r) => r.reviewer.agreement_with_majority },
    { header: 'gold_accuracy', value: (r) => r.reviewer.gold_accuracy },
    { header: 'median_handle_ms', value: (r) => r.reviewer.median_handle_ms },
    { header: 'flags', value: (r) => r.flags.map((f) => f.label).join('; ') },
  ])
}

/** The confusion matrix, one line per cell (model label, human label): the tidy form a spreadsheet or pandas pivots. */
export function confusionCsv(data: AgreementResponse): CsvExport {
  const { labels, matrix } = data.confusion
  const cells = labels.flatMap((model, i) => {
    const total = labels.reduce((sum, _, j) => sum + (matrix[i]?.[j] ?? 0), 0)
    return labels.map((human, j) => {
      const count = matrix[i]?.[j] ?? 0
      return { model, human, count, share: total > 0 ? count / total : null }
    })
  })
  return csvExport(agreementCsvName(data.filters, 'confusion matrix'), cells, [
    { header: 'model_label', value: (c) => c.model },
    { header: 'human_label', value: (c) => c.human },
    { header: 'reviews', value: (c) => c.count },
    { header: 'share_of_model_label', value: (c) => c.share },
  ])
}

/** Every confusion of the matrix, ranked (the list on the page shows the first few). */
export function confusionsCsv(data: AgreementResponse, confusions: readonly Confusion[]): CsvExport {
  return csvExport(agreementCsvName(data.filters, 'confusions'), confusions, [
    { header: 'model_label', value: (c) => c.model },
    { header: 'human_label', value: (c) => c.human },
    { header: 'reviews', value: (c) => c.count },
    { header: 'share_of_disagreements', value: (c) => c.shareOfDisagreements },
    { header: 'share_of_model_label', value: (c) => c.shareOfModelLabel },
  ])
}

/** The daily series behind "Agreement over time". */
export function seriesCsv(data: AgreementResponse): CsvExport {
  return csvExport(agreementCsvName(data.filters, 'agreement over time'), data.series, [
    { header: 'date', value: (d) => d.date },
    { header: 'reviewed', value: (d) => d.reviewed },
    { header: 'agreement_rate', value: (d) => d.agreement_rate },
    { header: 'cohen_kappa', value: (d) => d.cohen_kappa },
  ])
}
