import type { ClickHouse } from '@/lib/clickhouse'
import { getDb } from '@/lib/db'
import { listCapacity, resolveCapacity } from '@/lib/capacity/capacity'
import type { CapacityEntry } from '@/lib/capacity/capacity.schema'
import { echoFilters } from '@/analytics/shared/echoed-filters'
import type { ResolvedFilters } from '@/analytics/shared/filters.schema'
import { MS_PER_DAY } from '@/analytics/shared/time'
import { fetchLatestPredictionTs } from '@/analytics/shared/window.sql'
import { readFacts } from '@/analytics/facts/facts'
import type { RecommendationInput, RecommendationResponse, WhatIfInput, WhatIfResponse } from './thresholds.schema'
import { fetchAuditDays, fetchDriftBins, fetchModelContext, fetchSegmentCells } from './thresholds.sql'
import {
  auditError,
  cellRows,
  computeDrift,
  computeRecommendationResponse,
  computeWhatIf,
  resolveThresholdWindow,
} from './thresholds.compute'

async function windowFilters(ch: ClickHouse, input: RecommendationInput | WhatIfInput, now: number): Promise<ResolvedFilters> {
  const latest = input.from === undefined || input.to === undefined ? await fetchLatestPredictionTs(ch, input.model) : null
  const { from, to } = resolveThresholdWindow(input, latest, now)
  return { model: input.model, segment: input.segment, model_version: input.model_version, from, to }
}

/**
 * SPEC §3.4's recommendation for a model (and segment): the one entry point the API and the CLI
 * share. The target occupancy for reviewer-hours comes from the capacity settings (the model's
 * default-queue entry) unless given.
 */
export async function getRecommendation(ch: ClickHouse, input: RecommendationInput, now: number, capacity?: readonly CapacityEntry[]): Promise<RecommendationResponse> {
  const filters = await windowFilters(ch, input, now)
  const entries = capacity ?? (await listCapacity(await getDb()))
  const length = filters.to - filters.from
  const before = { ...filters, from: filters.from - length, to: filters.from }
  const [cells, context, audit, auditBefore, bins] = await readFacts(ch, () =>
    Promise.all([fetchSegmentCells(ch, filters), fetchModelContext(ch, filters), fetchAuditDays(ch, filters), fetchAuditDays(ch, before), fetchDriftBins(ch, filters)]),
  )
  const drift = computeDrift(
    bins,
    { recent: auditError(audit, input.delta), before: auditError(auditBefore, input.delta) },
    { recent: [filters.from, filters.to], before: [before.from, before.to] },
    input.target_error,
  )
  return computeRecommendationResponse(cells, audit, drift, {
    filters: echoFilters(filters),
    segment: input.segment,
    windowDays: length / MS_PER_DAY,
    targetError: input.target_error,
    delta: input.delta,
    minLabeled: input.min_labeled,
    capacityPerDay: input.capacity_per_day,
    auditRate: input.audit_rate ?? context.audit_rate ?? 0,
    meanHandleSeconds: context.handle_mean_ms === null ? null : context.handle_mean_ms / 1000,
    targetOccupancy: resolveCapacity(entries, input.model, '').targetOccupancy,
    certifyThreshold: input.certify_threshold,
    certifyDays: input.certify_days,
  })
}

/** SPEC §3.4's what-if for a model (and segment) at a threshold and audit rate. */
export async function getWhatIf(ch: ClickHouse, input: WhatIfInput, now: number, capacity?: readonly CapacityEntry[]): Promise<WhatIfResponse> {
  const filters = await windowFilters(ch, input, now)
  const entries = capacity ?? (await listCapacity(await getDb()))
  const [cells, context] = await readFacts(ch, () => Promise.all([fetchSegmentCells(ch, filters), fetchModelContext(ch, filters)]))
  return computeWhatIf(cellRows(cells, input.segment), {
    filters: echoFilters(filters),
    threshold: input.threshold,
    auditRate: input.audit_rate ?? context.audit_rate ?? 0,
    targetError: input.target_error,
    delta: input.delta,
    windowDays: (filters.to - filters.from) / MS_PER_DAY,
    meanHandleSeconds: context.handle_mean_ms === null ? null : context.handle_mean_ms / 1000,
    capacity: resolveCapacity(entries, input.model, ''),
  })
}
