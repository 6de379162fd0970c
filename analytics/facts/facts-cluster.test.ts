import { describe, expect, it } from 'vitest'
import { tableDataStatement } from './facts.sql'

describe('a rebuild on a cluster', () => {
  it('truncates and optimizes the local tables on every node, not the Distributed table in front', () => {
    expect(tableDataStatement('TRUNCATE TABLE', 'item_facts', 'prod')).toBe("TRUNCATE TABLE item_facts_local ON CLUSTER 'prod'")
    expect(tableDataStatement('OPTIMIZE TABLE', 'review_facts_daily', 'prod')).toBe("OPTIMIZE TABLE review_facts_daily_local ON CLUSTER 'prod'")
  })

  it('names the table itself on a single node', () => {
    expect(tableDataStatement('TRUNCATE TABLE', 'item_facts', undefined)).toBe('TRUNCATE TABLE item_facts')
  })
})
