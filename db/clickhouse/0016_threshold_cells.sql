-- Counts per 0.001 confidence cell and propensity stratum per day, for the threshold
-- recommendation (SPEC §3.4, analytics/thresholds): its walk needs, for every candidate k/1000,
-- the predictions, labeled predictions and errors at or above it per propensity, and a window of
-- 14 days at 10M predictions is ~5M item facts but only ~100k rows here. Kept by a materialized
-- view as refreshes write the item facts' sign rows (sums of sign: a retraction cancels its twin).
-- - cell: the largest k with confidence ≥ k/1000, in Float64 as confidenceCell() in
--   analytics/thresholds/recommend.compute.ts (floor(c·1000) alone is off by one where the product
--   rounds up to an integer).
-- - route: the audit draws (route audit) are the sample of the production error (SPEC §3.4).
-- - labeled, errors: the facts' reference labels (SPEC §3): labeled and finite weight; errors are
--   labeled predictions whose predicted label differs from the reference label.
CREATE TABLE IF NOT EXISTS threshold_cells_daily {{on_cluster}}
(
    model         LowCardinality(String),
    day           Date,
    model_version LowCardinality(String),
    segment       LowCardinality(String),
    route         Enum8('auto' = 1, 'review' = 2, 'audit' = 3),
    propensity    Float64,
    cell          UInt16,
    predictions   SimpleAggregateFunction(sum, Int64),
    labeled       SimpleAggregateFunction(sum, Int64),
    errors        SimpleAggregateFunction(sum, Int64)
)
ENGINE = {{engine:AggregatingMergeTree}}
PARTITION BY toYYYYMM(day)
ORDER BY (model, day, model_version, segment, route, propensity, cell);

CREATE MATERIALIZED VIEW IF NOT EXISTS threshold_cells_daily_mv {{on_cluster}} TO threshold_cells_daily AS
SELECT model, toDate(ts) AS day, model_version, segment, route, propensity,
       toUInt16(floor(confidence * 1000) - (floor(confidence * 1000) / 1000 > confidence) + ((floor(confidence * 1000) + 1) / 1000 <= confidence)) AS cell,
       sum(toInt64(sign)) AS predictions,
       sum(toInt64(sign) * labeled) AS labeled,
       -- Qualified: the alias `labeled` above would otherwise stand for the sum here.
       sum(toInt64(sign) * (item_facts.labeled AND NOT item_facts.correct)) AS errors
FROM item_facts
GROUP BY model, day, model_version, segment, route, propensity, cell;

-- Item facts written before this table: the next refresh rebuilds all.
TRUNCATE TABLE IF EXISTS facts_progress {{on_cluster}};
