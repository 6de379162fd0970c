-- Counted reviews per day and (model label, human label), kept by a materialized view from the
-- review facts' sign rows, for metrics without reviewer or queue filters (the confusion matrix per
-- day, the overview's reviews and agreement). Partial days read review_facts.
CREATE TABLE IF NOT EXISTS review_facts_daily {{on_cluster}}
(
    model         LowCardinality(String),
    day           Date,
    model_version LowCardinality(String),
    segment       LowCardinality(String),
    model_label   LowCardinality(String),
    label         LowCardinality(String),
    reviews       SimpleAggregateFunction(sum, Int64)
)
ENGINE = {{engine:AggregatingMergeTree}}
PARTITION BY toYYYYMM(day)
ORDER BY (model, day, model_version, segment, model_label, label);

CREATE MATERIALIZED VIEW IF NOT EXISTS review_facts_daily_mv {{on_cluster}} TO review_facts_daily AS
SELECT model, toDate(ts) AS day, model_version, segment, model_label, label, sum(toInt64(sign)) AS reviews
FROM review_facts
WHERE has_prediction = 1
GROUP BY model, day, model_version, segment, model_label, label;

-- Review facts written before the view existed are not in it: the next refresh rebuilds all.
TRUNCATE TABLE IF EXISTS facts_progress {{on_cluster}};
