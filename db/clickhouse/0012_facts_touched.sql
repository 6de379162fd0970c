-- Scratch tables of an incremental facts refresh (analytics/facts): the items that new events
-- touched and a copy of every event of those items, filled at the start of each refresh. Each
-- event table is then scanned once for the touched items' hashes (~60 ms per 10M rows) instead of
-- once per place the refresh's SQL reads it (a CTE is inlined wherever it is used). Memory tables:
-- their content matters only during one refresh, and refreshes take turns in a process.
CREATE TABLE IF NOT EXISTS facts_touched_items {{on_cluster}}
(
    item_hash UInt64
)
ENGINE = Memory;

CREATE TABLE IF NOT EXISTS facts_touched_predictions {{on_cluster}}
(
    event_id        String,
    ts              DateTime64(3, 'UTC'),
    model           LowCardinality(String),
    model_version   LowCardinality(String),
    segment         LowCardinality(String),
    item_id         String,
    item_hash       UInt64,
    predicted_label LowCardinality(String),
    confidence      Float64,
    route           Enum8('auto' = 1, 'review' = 2, 'audit' = 3),
    propensity      Float64
)
ENGINE = Memory;

CREATE TABLE IF NOT EXISTS facts_touched_reviews {{on_cluster}}
(
    event_id    String,
    ts          DateTime64(3, 'UTC'),
    model       LowCardinality(String),
    item_id     String,
    item_hash   UInt64,
    reviewer_id LowCardinality(String),
    label       LowCardinality(String),
    duration_ms Nullable(UInt64),
    queue       LowCardinality(String)
)
ENGINE = Memory;

CREATE TABLE IF NOT EXISTS facts_touched_outcomes {{on_cluster}}
(
    event_id   String,
    ts         DateTime64(3, 'UTC'),
    model      LowCardinality(String),
    item_id    String,
    item_hash  UInt64,
    true_label LowCardinality(String),
    source     Enum8('gold' = 1, 'audit' = 2, 'downstream' = 3, 'adjudication' = 4)
)
ENGINE = Memory;
