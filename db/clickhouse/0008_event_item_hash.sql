-- An item's hash stored with each event (ITEM_HASH in analytics/shared/filters.sql.ts): a refresh
-- selects the events of the items it recomputes by this UInt64 instead of hashing every model and
-- item_id; and ingested_at ranges are found from each granule's min/max (events of one batch
-- share it), so finding what was ingested since the last refresh reads only the new parts.
ALTER TABLE predictions {{on_cluster}} ADD COLUMN IF NOT EXISTS item_hash UInt64 MATERIALIZED cityHash64(model, item_id);
ALTER TABLE reviews {{on_cluster}} ADD COLUMN IF NOT EXISTS item_hash UInt64 MATERIALIZED cityHash64(model, item_id);
ALTER TABLE outcomes {{on_cluster}} ADD COLUMN IF NOT EXISTS item_hash UInt64 MATERIALIZED cityHash64(model, item_id);
ALTER TABLE predictions {{on_cluster}} ADD INDEX IF NOT EXISTS ingested_at_idx ingested_at TYPE minmax GRANULARITY 1;
ALTER TABLE reviews {{on_cluster}} ADD INDEX IF NOT EXISTS ingested_at_idx ingested_at TYPE minmax GRANULARITY 1;
ALTER TABLE outcomes {{on_cluster}} ADD INDEX IF NOT EXISTS ingested_at_idx ingested_at TYPE minmax GRANULARITY 1;
-- Existing parts compute item_hash on read until these background mutations store it.
ALTER TABLE predictions {{on_cluster}} MATERIALIZE COLUMN item_hash;
ALTER TABLE reviews {{on_cluster}} MATERIALIZE COLUMN item_hash;
ALTER TABLE outcomes {{on_cluster}} MATERIALIZE COLUMN item_hash;
ALTER TABLE predictions {{on_cluster}} MATERIALIZE INDEX ingested_at_idx;
ALTER TABLE reviews {{on_cluster}} MATERIALIZE INDEX ingested_at_idx;
ALTER TABLE outcomes {{on_cluster}} MATERIALIZE INDEX ingested_at_idx;
