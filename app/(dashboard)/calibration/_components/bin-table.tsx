import { formatCount, formatPercent } from '@/lib/format'
import type { ReliabilityBin } from '@/analytics/calibration/calibration.schema'
import { ScrollTable } from '../../_components/chart-card'
import type { CsvExport } from '../../_components/csv'
import { CsvDownloadButton } from '../../_components/csv-download'
import { formatBinRange, formatPoints } from './prepare'

/** The reliability table of SPEC §3.2 as numbers, folded away under the diagram, with its CSV. */
export function BinTable({ reliability, csv }: { reliability: readonly ReliabilityBin[]; csv: CsvExport }) {
  return (
    <details className="card details-card" data-testid="bin-table">
      <summary>Per-bin table ({reliability.length} bins)</summary>
      <div style={{ display: 'flex', justifyContent: 'flex-end', padding: '10px 18px' }}>
        <CsvDownloadButton csv={csv} what="Per-bin table" />
      </div>
      <ScrollTable label="Reliability per confidence bin">
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
      </ScrollTable>
    </details>
  )
}
