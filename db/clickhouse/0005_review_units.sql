-- What an item's reviewers say together, precomputed on each of its review facts for the usual
-- case where a range holds every review of the item (agreement reads these instead of grouping
-- the reviews per item; analytics/agreement):
-- - item_first_ts / item_last_ts: the earliest and latest ts of the item's counted reviews;
-- - has_majority / agrees_with_majority: a label held by more than half of the item's other
--   reviewers exists / is this review's label (SPEC 3.1);
-- - unit_labels: the sorted labels of the item's reviewers, on one review of the item (the
--   reviewer_id that sorts first) when it has two or more reviewers, else empty.
ALTER TABLE review_facts {{on_cluster}} ADD COLUMN IF NOT EXISTS item_first_ts DateTime64(3, 'UTC');
ALTER TABLE review_facts {{on_cluster}} ADD COLUMN IF NOT EXISTS item_last_ts DateTime64(3, 'UTC');
ALTER TABLE review_facts {{on_cluster}} ADD COLUMN IF NOT EXISTS has_majority UInt8;
ALTER TABLE review_facts {{on_cluster}} ADD COLUMN IF NOT EXISTS agrees_with_majority UInt8;
ALTER TABLE review_facts {{on_cluster}} ADD COLUMN IF NOT EXISTS unit_labels Array(LowCardinality(String));

-- Review facts written before these columns: the next refresh rebuilds all.
TRUNCATE TABLE IF EXISTS facts_progress {{on_cluster}};
