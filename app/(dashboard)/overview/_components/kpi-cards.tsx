import type { Kpi } from './prepare'

export function KpiCards({ kpis }: { kpis: readonly Kpi[] }) {
  return (
    <div className="kpi-grid">
      {kpis.map((kpi) => (
        <div key={kpi.id} className="card kpi-card" data-kpi={kpi.id} title={kpi.explanation}>
          <div className="kpi-label">
            {kpi.label}
            <span className="info-dot" aria-hidden="true">
              i
            </span>
          </div>
          <div className="kpi-value">{kpi.value}</div>
          <div className="kpi-detail">{kpi.detail}</div>
          <span className="visually-hidden">{kpi.explanation}</span>
        </div>
      ))}
    </div>
  )
}

export function KpiCardsSkeleton() {
  return (
    <div className="kpi-grid" aria-hidden="true">
      {Array.from({ length: 8 }, (_, i) => (
        <div key={i} className="card kpi-card">
          <div className="skeleton skeleton-text" style={{ width: '50%' }} />
          <div className="skeleton" style={{ height: 28, width: '70%', marginTop: 10 }} />
          <div className="skeleton skeleton-text" style={{ width: '60%', marginTop: 10 }} />
        </div>
      ))}
    </div>
  )
}
