-- Telemetry tables (SPEC §2). One row per accepted event; event_id is unique across all three.
-- Sort keys start with model and ts: every metric filters by model and a ts range.
-- ReplacingMergeTree with event_id last in the key: should an insert be retried after the
-- event_ids bookkeeping failed, the duplicate row collapses at merge time.

CREATE TABLE IF NOT EXISTS predictions {{on_cluster}}
(
    event_id        String,
    ts              DateTime64(3, 'UTC'),
    model           LowCardinality(String),
    model_version   LowCardinality(String),
    segment         LowCardinality(String),
    item_id         String,
    predicted_label LowCardinality(String),
    -- Float64 so that bin edges (floor(confidence * bins)) are exact, as SPEC §2 requires.
    confidence      Float64,
    route           Enum8('auto' = 1, 'review' = 2, 'audit' = 3),
    propensity      Float64,
    threshold       Nullable(Float64),
    policy_version  Nullable(UInt32),
    attributes      Map(String, String),
    ingested_at     DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = {{engine:ReplacingMergeTree}}
PARTITION BY toYYYYMM(ts)
ORDER BY (model, ts, event_id);

CREATE TABLE IF NOT EXISTS reviews {{on_cluster}}
(
    event_id    String,
    ts          DateTime64(3, 'UTC'),
    model       LowCardinality(String),
    item_id     String,
    reviewer_id LowCardinality(String),
    label       LowCardinality(String),
    started_at  Nullable(DateTime64(3, 'UTC')),
    -- Handle time; when absent at ingest and started_at is present it is ts - started_at.
    duration_ms Nullable(UInt64),
    queue       LowCardinality(String),
    ingested_at DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = {{engine:ReplacingMergeTree}}
PARTITION BY toYYYYMM(ts)
ORDER BY (model, ts, event_id);

CREATE TABLE IF NOT EXISTS outcomes {{on_cluster}}
(
    event_id    String,
    ts          DateTime64(3, 'UTC'),
    model       LowCardinality(String),
    item_id     String,
    true_label  LowCardinality(String),
    source      Enum8('gold' = 1, 'audit' = 2, 'downstream' = 3, 'adjudication' = 4),
    ingested_at DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = {{engine:ReplacingMergeTree}}
PARTITION BY toYYYYMM(ts)
ORDER BY (model, item_id, ts, event_id);

-- Idempotency keys: a point lookup of a 5,000-id batch takes ~50 ms at 2M keys (a MergeTree
-- scan of event_id takes ~150 ms at 10M rows). On a cluster each node keeps the ids of the events
-- it stores (event_ids_local, written by the views of migration 0007) and lookups go through the
-- Distributed table to every shard.
CREATE TABLE IF NOT EXISTS event_ids {{on_cluster}}
(
    event_id    String,
    type        Enum8('prediction' = 1, 'review' = 2, 'outcome' = 3),
    ingested_at DateTime64(3, 'UTC')
)
ENGINE = {{engine_local:EmbeddedRocksDB}}
PRIMARY KEY event_id;
