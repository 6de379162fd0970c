-- The first review of each item, on its item facts, for the workload (SPEC §3.3): when it started
-- (started_at, else ts − duration_ms, else ts: the end of the item's wait), its handle time (−1
-- without one), its queue and its reviewer. `first_review_ts` (0003) is when it was completed.
-- Facts written before these columns have the defaults; the next refresh rebuilds all.
ALTER TABLE item_facts {{on_cluster}} ADD COLUMN IF NOT EXISTS first_review_start_ts Nullable(DateTime64(3, 'UTC'));
ALTER TABLE item_facts {{on_cluster}} ADD COLUMN IF NOT EXISTS first_review_handle_ms Int64 DEFAULT -1;
ALTER TABLE item_facts {{on_cluster}} ADD COLUMN IF NOT EXISTS first_review_queue LowCardinality(String);
ALTER TABLE item_facts {{on_cluster}} ADD COLUMN IF NOT EXISTS first_review_reviewer LowCardinality(String);

-- A partial refresh computes them from its copy of the touched items' reviews (0012), which
-- needs started_at too: the scratch table is recreated with it (it holds nothing between refreshes).
DROP TABLE IF EXISTS facts_touched_reviews {{on_cluster}};
CREATE TABLE IF NOT EXISTS facts_touched_reviews {{on_cluster}}
(
    event_id    String,
    ts          DateTime64(3, 'UTC'),
    model       LowCardinality(String),
    item_id     String,
    item_hash   UInt64,
    reviewer_id LowCardinality(String),
    label       LowCardinality(String),
    started_at  Nullable(DateTime64(3, 'UTC')),
    duration_ms Nullable(UInt64),
    queue       LowCardinality(String)
)
ENGINE = Memory;

TRUNCATE TABLE IF EXISTS facts_progress {{on_cluster}};
