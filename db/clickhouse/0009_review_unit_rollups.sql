-- Per-reviewer counts and unit patterns of review facts, kept by materialized views and keyed by
-- the span of days of the item's reviews (first_day, last_day): for a range whose whole days hold
-- every review of an item, that item's precomputed figures are exact (analytics/agreement). The
-- exact median handle time still reads the facts.
CREATE TABLE IF NOT EXISTS review_units_daily {{on_cluster}}
(
    model                  LowCardinality(String),
    first_day              Date,
    last_day               Date,
    model_version          LowCardinality(String),
    segment                LowCardinality(String),
    reviewer_id            LowCardinality(String),
    queue                  LowCardinality(String),
    reviews                SimpleAggregateFunction(sum, Int64),
    agreeing_with_model    SimpleAggregateFunction(sum, Int64),
    majority_items         SimpleAggregateFunction(sum, Int64),
    agreeing_with_majority SimpleAggregateFunction(sum, Int64),
    gold_items             SimpleAggregateFunction(sum, Int64),
    gold_correct           SimpleAggregateFunction(sum, Int64)
)
ENGINE = {{engine:AggregatingMergeTree}}
PARTITION BY toYYYYMM(first_day)
ORDER BY (model, first_day, last_day, model_version, segment, reviewer_id, queue);

CREATE MATERIALIZED VIEW IF NOT EXISTS review_units_daily_mv {{on_cluster}} TO review_units_daily AS
SELECT model, toDate(item_first_ts) AS first_day, toDate(item_last_ts) AS last_day, model_version, segment, reviewer_id, queue,
       sum(toInt64(sign)) AS reviews,
       sum(toInt64(sign) * (label = model_label)) AS agreeing_with_model,
       sum(toInt64(sign) * has_majority) AS majority_items,
       sum(toInt64(sign) * agrees_with_majority) AS agreeing_with_majority,
       sum(toInt64(sign) * has_gold) AS gold_items,
       sum(toInt64(sign) * (has_gold = 1 AND label = gold_label)) AS gold_correct
FROM review_facts
WHERE has_prediction = 1
GROUP BY model, first_day, last_day, model_version, segment, reviewer_id, queue;

CREATE TABLE IF NOT EXISTS unit_patterns_daily {{on_cluster}}
(
    model         LowCardinality(String),
    first_day     Date,
    last_day      Date,
    model_version LowCardinality(String),
    segment       LowCardinality(String),
    unit_labels   Array(LowCardinality(String)),
    units         SimpleAggregateFunction(sum, Int64)
)
ENGINE = {{engine:AggregatingMergeTree}}
PARTITION BY toYYYYMM(first_day)
ORDER BY (model, first_day, last_day, model_version, segment, unit_labels);

CREATE MATERIALIZED VIEW IF NOT EXISTS unit_patterns_daily_mv {{on_cluster}} TO unit_patterns_daily AS
SELECT model, toDate(item_first_ts) AS first_day, toDate(item_last_ts) AS last_day, model_version, segment, unit_labels,
       sum(toInt64(sign)) AS units
FROM review_facts
WHERE has_prediction = 1 AND notEmpty(unit_labels)
GROUP BY model, first_day, last_day, model_version, segment, unit_labels;

-- The reviews the rollups do not serve are those of items whose reviews reach outside the range's
-- whole days: found from each granule's min/max of the item's first and last review ts.
ALTER TABLE review_facts {{on_cluster}} ADD INDEX IF NOT EXISTS item_first_ts_idx item_first_ts TYPE minmax GRANULARITY 1;
ALTER TABLE review_facts {{on_cluster}} ADD INDEX IF NOT EXISTS item_last_ts_idx item_last_ts TYPE minmax GRANULARITY 1;

-- Review facts written before the views existed are not in them: the next refresh rebuilds all.
TRUNCATE TABLE IF EXISTS facts_progress {{on_cluster}};
