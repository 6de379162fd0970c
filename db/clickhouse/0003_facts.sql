-- Current facts (SPEC §2, §3): one row per item with a prediction (its latest prediction, reference
-- label and weight) and one per item and reviewer (their latest review, with what the item's other
-- events say about it), recomputed from the event tables for the items each ingest touches
-- (analytics/facts). The metric queries read these instead of choosing "the latest" and joining
-- labels over every event on each request.
--
-- Sign rows: a change writes the old row again with sign -1 and the new one with sign +1, so that
-- every sum over the table is right before any merge (sum(sign), sum(sign * x)); merges cancel the
-- pairs (same sort key). FINAL gives the current rows where a query needs rows, not sums.

-- The heads of migration 0002 did this at ingest for "the latest" only; the facts replace them.
DROP TABLE IF EXISTS prediction_heads {{on_cluster}};
DROP TABLE IF EXISTS review_heads {{on_cluster}};
DROP TABLE IF EXISTS superseded_predictions {{on_cluster}};
DROP TABLE IF EXISTS superseded_reviews {{on_cluster}};

CREATE TABLE IF NOT EXISTS item_facts {{on_cluster}}
(
    model           LowCardinality(String),
    item_id         String,
    item_hash       UInt64,
    -- The latest prediction (SPEC §2).
    ts              DateTime64(3, 'UTC'),
    model_version   LowCardinality(String),
    segment         LowCardinality(String),
    route           Enum8('auto' = 1, 'review' = 2, 'audit' = 3),
    predicted_label LowCardinality(String),
    confidence      Float64,
    propensity      Float64,
    -- The reference label (SPEC §3; labels.sql.ts) and the weighted-figure columns derived from it.
    has_label       UInt8,
    reference_label LowCardinality(String),
    labeled         UInt8,
    weight          Float64,
    correct         UInt8,
    zero_propensity UInt8,
    -- The earliest completed review of the item by anyone (the backlog).
    first_review_ts Nullable(DateTime64(3, 'UTC')),
    sign            Int8
)
ENGINE = {{engine:CollapsingMergeTree(sign)}}
PARTITION BY toYYYYMM(ts)
ORDER BY (model, ts, item_hash, item_id);

CREATE TABLE IF NOT EXISTS review_facts {{on_cluster}}
(
    model           LowCardinality(String),
    item_id         String,
    item_hash       UInt64,
    reviewer_id     LowCardinality(String),
    -- The reviewer's latest review of the item (SPEC §2).
    ts              DateTime64(3, 'UTC'),
    queue           LowCardinality(String),
    label           LowCardinality(String),
    -- -1 when the review carries no handle time.
    duration_ms     Int64,
    -- The item's latest prediction (reviews of items never predicted are not counted).
    has_prediction  UInt8,
    model_label     LowCardinality(String),
    model_version   LowCardinality(String),
    segment         LowCardinality(String),
    -- The item's latest gold outcome.
    has_gold        UInt8,
    gold_label      LowCardinality(String),
    -- Reviewers with a review of the item: 1 means no other reviewer can share a unit with this one.
    item_reviewers  UInt32,
    sign            Int8
)
ENGINE = {{engine:CollapsingMergeTree(sign)}}
PARTITION BY toYYYYMM(ts)
ORDER BY (model, ts, item_hash, item_id, reviewer_id);

-- How far the facts have caught up: every event ingested before `ingested_before` is in them.
CREATE TABLE IF NOT EXISTS facts_progress {{on_cluster}}
(
    id              UInt8,
    ingested_before DateTime64(3, 'UTC'),
    updated_at      DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = {{engine:ReplacingMergeTree(updated_at)}}
ORDER BY id;
