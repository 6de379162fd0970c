import { TableCard } from '../../_components/chart-card'
import { formatCount, formatPercent } from '@/lib/format'
import type { AgreementResponse } from '@/analytics/agreement/agreement.schema'
import { confusionsCsv } from './agreement-csv'
import { prepareTopConfusions, TOP_CONFUSIONS } from './prepare'
import styles from './agreement.module.css'

/** Widest share bar, in px, for the largest share of the disagreements. */
const SHARE_BAR_PX = 56

/**
 * The model's most frequent confusions next to the matrix: model label → human label, how many
 * reviews, their share of all disagreements and of that model label's reviews. The CSV holds
 * every confusion, the table the first TOP_CONFUSIONS.
 */
export function TopConfusions({ data }: { data: AgreementResponse }) {
  const { rows, disagreements, more } = prepareTopConfusions(data.confusion)
  const all = prepareTopConfusions(data.confusion, Number.POSITIVE_INFINITY).rows
  const top = rows[0]?.shareOfDisagreements ?? 0
  return (
    <TableCard
      title="Most frequent confusions"
      titleId="top-confusions-title"
      subtitle={
        disagreements > 0 ? (
          <>
            The {rows.length === 1 ? 'one pair' : `${rows.length} pairs`} of labels where reviewers most often chose another label than the model, of{' '}
            {formatCount(disagreements)} disagreements{more > 0 ? ` (${more} rarer pairs in the CSV)` : ''}.
          </>
        ) : (
          'No review in view chose another label than the model.'
        )
      }
      tableLabel={`Most frequent confusions, up to ${TOP_CONFUSIONS}: model label, human label, reviews and shares`}
      tableTestId="top-confusions"
      csv={confusionsCsv(data, all)}
    >
      <thead>
        <tr>
          <th scope="col">Model → human</th>
          <th scope="col" className="num">
            Reviews
          </th>
          <th scope="col" className="num" title="Share of every review where the human chose another label than the model">
            Of disagreements
          </th>
          <th scope="col" className="num" title="Share of the reviews of items the model gave this label (the matrix row)">
            Of the model label
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((c) => (
          <tr key={`${c.model}\u0000${c.human}`} data-model={c.model} data-human={c.human}>
            <th scope="row" className={styles.pair}>
              {c.model}
              <span className={styles.arrow} aria-label="then the human said">
                →
              </span>
              {c.human}
            </th>
            <td className="num">{formatCount(c.count)}</td>
            <td className="num">
              {formatPercent(c.shareOfDisagreements)}
              <span className={styles.shareBar} style={{ width: top > 0 ? Math.max(2, Math.round((c.shareOfDisagreements / top) * SHARE_BAR_PX)) : 0 }} aria-hidden="true" />
            </td>
            <td className="num">{formatPercent(c.shareOfModelLabel)}</td>
          </tr>
        ))}
      </tbody>
    </TableCard>
  )
}
