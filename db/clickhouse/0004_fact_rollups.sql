-- Per-day sums of the item facts, kept by materialized views as refreshes write sign rows: a
-- metric over whole days reads a few hundred thousand rollup rows instead of every fact, and only
-- the partial days at the ends of a range read item_facts (analytics/facts/rollups.sql.ts).
--
-- `cell` stands in for the confidence: Σ over b = 2..50 of min(floor(confidence·b), b − 1), the
-- Float64 products of SPEC 3.2's bin rule (written out: an array lambda per row costs 10× more). Each term never decreases as confidence grows, so equal
-- sums mean equal terms: every confidence of a cell falls in the same bin for every `bins` allowed
-- (and the 50 histogram bins), and min_confidence of a cell finds that bin. Float sums are kept in
-- fixed point at 2^-52 as Int128, so that a retracted row cancels its twin exactly.

CREATE TABLE IF NOT EXISTS item_facts_daily {{on_cluster}}
(
    model                LowCardinality(String),
    day                  Date,
    model_version        LowCardinality(String),
    segment              LowCardinality(String),
    route                Enum8('auto' = 1, 'review' = 2, 'audit' = 3),
    cell                 UInt16,
    items                SimpleAggregateFunction(sum, Int64),
    with_label           SimpleAggregateFunction(sum, Int64),
    labeled              SimpleAggregateFunction(sum, Int64),
    zero_propensity      SimpleAggregateFunction(sum, Int64),
    confidence_sum       SimpleAggregateFunction(sum, Int128),
    weight_sum           SimpleAggregateFunction(sum, Int128),
    weight_sq_sum        SimpleAggregateFunction(sum, Int128),
    weighted_correct_sum SimpleAggregateFunction(sum, Int128),
    weighted_brier_sum   SimpleAggregateFunction(sum, Int128),
    min_confidence       SimpleAggregateFunction(min, Float64)
)
ENGINE = {{engine:AggregatingMergeTree}}
PARTITION BY toYYYYMM(day)
ORDER BY (model, day, model_version, segment, route, cell);

CREATE MATERIALIZED VIEW IF NOT EXISTS item_facts_daily_mv {{on_cluster}} TO item_facts_daily AS
SELECT model, toDate(ts) AS day, model_version, segment, route,
       toUInt16(least(toUInt32(floor(confidence * 2)), 1) + least(toUInt32(floor(confidence * 3)), 2) + least(toUInt32(floor(confidence * 4)), 3) + least(toUInt32(floor(confidence * 5)), 4) + least(toUInt32(floor(confidence * 6)), 5) + least(toUInt32(floor(confidence * 7)), 6) + least(toUInt32(floor(confidence * 8)), 7) + least(toUInt32(floor(confidence * 9)), 8) + least(toUInt32(floor(confidence * 10)), 9) + least(toUInt32(floor(confidence * 11)), 10) + least(toUInt32(floor(confidence * 12)), 11) + least(toUInt32(floor(confidence * 13)), 12) + least(toUInt32(floor(confidence * 14)), 13) + least(toUInt32(floor(confidence * 15)), 14) + least(toUInt32(floor(confidence * 16)), 15) + least(toUInt32(floor(confidence * 17)), 16) + least(toUInt32(floor(confidence * 18)), 17) + least(toUInt32(floor(confidence * 19)), 18) + least(toUInt32(floor(confidence * 20)), 19) + least(toUInt32(floor(confidence * 21)), 20) + least(toUInt32(floor(confidence * 22)), 21) + least(toUInt32(floor(confidence * 23)), 22) + least(toUInt32(floor(confidence * 24)), 23) + least(toUInt32(floor(confidence * 25)), 24) + least(toUInt32(floor(confidence * 26)), 25) + least(toUInt32(floor(confidence * 27)), 26) + least(toUInt32(floor(confidence * 28)), 27) + least(toUInt32(floor(confidence * 29)), 28) + least(toUInt32(floor(confidence * 30)), 29) + least(toUInt32(floor(confidence * 31)), 30) + least(toUInt32(floor(confidence * 32)), 31) + least(toUInt32(floor(confidence * 33)), 32) + least(toUInt32(floor(confidence * 34)), 33) + least(toUInt32(floor(confidence * 35)), 34) + least(toUInt32(floor(confidence * 36)), 35) + least(toUInt32(floor(confidence * 37)), 36) + least(toUInt32(floor(confidence * 38)), 37) + least(toUInt32(floor(confidence * 39)), 38) + least(toUInt32(floor(confidence * 40)), 39) + least(toUInt32(floor(confidence * 41)), 40) + least(toUInt32(floor(confidence * 42)), 41) + least(toUInt32(floor(confidence * 43)), 42) + least(toUInt32(floor(confidence * 44)), 43) + least(toUInt32(floor(confidence * 45)), 44) + least(toUInt32(floor(confidence * 46)), 45) + least(toUInt32(floor(confidence * 47)), 46) + least(toUInt32(floor(confidence * 48)), 47) + least(toUInt32(floor(confidence * 49)), 48) + least(toUInt32(floor(confidence * 50)), 49)) AS cell,
       sum(toInt64(sign)) AS items,
       sum(toInt64(sign) * has_label) AS with_label,
       sum(toInt64(sign) * labeled) AS labeled,
       sum(toInt64(sign) * zero_propensity) AS zero_propensity,
       sum(toInt128(confidence * 4503599627370496 * sign)) AS confidence_sum,
       sum(toInt128(weight * 4503599627370496 * sign)) AS weight_sum,
       sum(toInt128(weight * weight * 4503599627370496 * sign)) AS weight_sq_sum,
       sum(toInt128(weight * correct * 4503599627370496 * sign)) AS weighted_correct_sum,
       sum(toInt128(weight * (confidence - correct) * (confidence - correct) * 4503599627370496 * sign)) AS weighted_brier_sum,
       min(confidence) AS min_confidence
FROM item_facts
GROUP BY model, day, model_version, segment, route, cell;

-- Escalated items closing per day: at their first review, or at their prediction when re-scored
-- after it (the backlog, SPEC 3.0).
CREATE TABLE IF NOT EXISTS item_closes_daily {{on_cluster}}
(
    model         LowCardinality(String),
    day           Date,
    model_version LowCardinality(String),
    segment       LowCardinality(String),
    closes        SimpleAggregateFunction(sum, Int64)
)
ENGINE = {{engine:AggregatingMergeTree}}
PARTITION BY toYYYYMM(day)
ORDER BY (model, day, model_version, segment);

CREATE MATERIALIZED VIEW IF NOT EXISTS item_closes_daily_mv {{on_cluster}} TO item_closes_daily AS
SELECT model, toDate(greatest(ts, assumeNotNull(first_review_ts))) AS day, model_version, segment, sum(toInt64(sign)) AS closes
FROM item_facts
WHERE route != 'auto' AND first_review_ts IS NOT NULL
GROUP BY model, day, model_version, segment;

-- The closes of a partial day are read from item_facts by first_review_ts.
ALTER TABLE item_facts {{on_cluster}} ADD INDEX IF NOT EXISTS first_review_idx first_review_ts TYPE minmax GRANULARITY 1;

-- Facts written before the views existed are not in the rollups: the next refresh rebuilds all.
TRUNCATE TABLE IF EXISTS facts_progress {{on_cluster}};
