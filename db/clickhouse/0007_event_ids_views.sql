-- The idempotency ids are recorded by the inserts of the events themselves (one INSERT per table
-- and batch instead of a second one for the ids: chDB spends ~9 ms per INSERT before any row).
CREATE MATERIALIZED VIEW IF NOT EXISTS event_ids_of_predictions {{on_cluster}} TO event_ids AS
SELECT event_id, 'prediction' AS type, ingested_at FROM predictions;

CREATE MATERIALIZED VIEW IF NOT EXISTS event_ids_of_reviews {{on_cluster}} TO event_ids AS
SELECT event_id, 'review' AS type, ingested_at FROM reviews;

CREATE MATERIALIZED VIEW IF NOT EXISTS event_ids_of_outcomes {{on_cluster}} TO event_ids AS
SELECT event_id, 'outcome' AS type, ingested_at FROM outcomes;
