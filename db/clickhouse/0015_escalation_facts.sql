-- The workload's reads (analytics/workload) over the escalated items only. item_facts holds every
-- item, ~80 % of them auto-accepted, and the workload read its columns for all of them: at 10M
-- predictions a count of the escalated items with a review took 50 ms and their exact wait
-- percentiles 170 ms, most of it reading rows it then dropped. escalation_facts keeps, for each
-- escalated item (route review or audit), the columns the workload reads, narrow (no item_id, the
-- wait as one number), so that a scan reads ~2M short rows instead of ~10M wide ones.
-- - Kept by a materialized view as refreshes write the item facts' sign rows, so FINAL gives the
--   current facts (the exact percentiles need rows, not sums).
-- - One item fact per key, as CollapsingMergeTree needs: (model, ts, item_hash), the item by its
--   hash (two items of one model sharing a 64-bit hash and a prediction ms would collapse; odds
--   ~10^-13 at 10M items). Sorted by time within a model, as item_facts, so a refresh's sign rows
--   fall on recent ranges and FINAL merges little.
-- - wait_ms: start of the first review − prediction ts (SPEC §3.3), 0 without a review;
--   handle_ms: the first review's duration, −1 without one.
CREATE TABLE IF NOT EXISTS escalation_facts {{on_cluster}}
(
    model                 LowCardinality(String),
    ts                    DateTime64(3, 'UTC'),
    item_hash             UInt64,
    model_version         LowCardinality(String),
    segment               LowCardinality(String),
    route                 Enum8('auto' = 1, 'review' = 2, 'audit' = 3),
    first_review_ts       Nullable(DateTime64(3, 'UTC')),
    wait_ms               Int64,
    handle_ms             Int64,
    first_review_queue    LowCardinality(String),
    first_review_reviewer LowCardinality(String),
    sign                  Int8
)
ENGINE = {{engine:CollapsingMergeTree(sign)}}
PARTITION BY toYYYYMM(ts)
ORDER BY (model, ts, item_hash);

CREATE MATERIALIZED VIEW IF NOT EXISTS escalation_facts_mv {{on_cluster}} TO escalation_facts AS
SELECT model, ts, item_hash, model_version, segment, route, first_review_ts,
       if(first_review_ts IS NULL, 0, toUnixTimestamp64Milli(assumeNotNull(first_review_start_ts)) - toUnixTimestamp64Milli(ts)) AS wait_ms,
       if(first_review_ts IS NULL, -1, first_review_handle_ms) AS handle_ms,
       first_review_queue, first_review_reviewer, sign
FROM item_facts
WHERE route != 'auto';

ALTER TABLE escalation_facts {{on_cluster}} ADD INDEX IF NOT EXISTS first_review_idx first_review_ts TYPE minmax GRANULARITY 1;

-- Item facts written before this table: the next refresh rebuilds all.
TRUNCATE TABLE IF EXISTS facts_progress {{on_cluster}};
