// The demo's capacity settings (SPEC §3.3), from its team: one team works every queue, so the
// default entry's staffed reviewers per UTC hour are the team's average presence in that hour over
// a week; fraud-detector's items are to be answered within an hour (the same team). Pure.
import type { CapacityEntry } from '@/lib/capacity/capacity.schema'
import { SHIFT_HOURS, demoTeam } from './demo-config'

/** Reviewers on shift per UTC hour of day, averaged over the week, rounded to whole reviewers. */
export function demoStaffed(scale: number): number[] {
  const presence = Array<number>(24).fill(0)
  for (const { spec, availability } of demoTeam(scale)) {
    for (let h = 0; h < SHIFT_HOURS; h++) presence[(spec.shiftStart + h) % 24] += (availability * spec.days.length) / 7
  }
  // Someone is there whenever the team has anyone in that hour, however small the scale.
  return presence.map((reviewers) => (reviewers > 0 ? Math.max(1, Math.round(reviewers)) : 0))
}

export function demoCapacity(scale: number): CapacityEntry[] {
  const staffed = demoStaffed(scale)
  return [
    { queue: '', model: null, slaMinutes: 240, slaTarget: 0.9, targetOccupancy: 0.85, staffed },
    { queue: '', model: 'fraud-detector', slaMinutes: 60, slaTarget: 0.9, targetOccupancy: 0.85, staffed },
  ]
}
