import { formatCount, formatPercent } from '@/lib/format'
import type { ReliabilityBin } from '@/analytics/calibration/calibration.schema'
import { formatBinRange, formatPoints } from './prepare'

/** The reliability table of SPEC §3.2 as numbers, folded away under the diagram. */
export function BinTable({ reliability }: { reliability: readonly ReliabilityBin[] }) {
  return (
    <details className="card details-card">
      <summary>Per-bin table ({reliability.length} bins)</summary>
      <div className="table-scroll">
        <table className="table" aria-label="Reliability per confidence bin">
          <thead>
            <tr>
              <th scope="col">Bin</th>
              <th scope="col">Confidence</th>
              <th scope="col" className="num">
                Predictions
              </th>
              <th scope="col" className="num">
                Labeled
              </th>
              <th scope="col" className="num">
                Mean confidence
              </th>
              <th scope="col" className="num">
                Accuracy
              </th>
              <th scope="col" className="num">
                95% interval
              </th>
              <th scope="col" className="num" title="Accuracy − mean confidence: negative is overconfident">
                Gap
              </th>
            </tr>
          </thead>
          <tbody>
            {reliability.map((b) => {
              const gap = b.accuracy !== null && b.mean_confidence !== null ? b.accuracy - b.mean_confidence : null
              return (
                <tr key={b.bin}>
                  <td>{b.bin}</td>
                  <td>{formatBinRange(b.lower, b.upper)}</td>
                  <td className="num">{formatCount(b.count)}</td>
                  <td className="num">{formatCount(b.labeled)}</td>
                  <td className="num">{formatPercent(b.mean_confidence)}</td>
                  <td className="num">{formatPercent(b.accuracy)}</td>
                  <td className="num">{b.accuracy_ci ? `${formatPercent(b.accuracy_ci.lower)} – ${formatPercent(b.accuracy_ci.upper)}` : '—'}</td>
                  <td className={gap !== null && gap < -0.005 ? 'num text-over' : gap !== null && gap > 0.005 ? 'num text-under' : 'num'}>
                    {gap === null ? '—' : formatPoints(gap)}
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
      </div>
    </details>
  )
}
