-- The number of queues among an item's counted reviews, on each of its review facts: an item whose
-- reviews share one queue is whole under a queue filter (all of its reviews are counted, or none),
-- so agreement reads its precomputed unit and majorities instead of regrouping it per item
-- (analytics/agreement). Facts written before the column have 0 (regrouped: right, only slower);
-- the next refresh rebuilds all.
ALTER TABLE review_facts {{on_cluster}} ADD COLUMN IF NOT EXISTS item_queues UInt32;

TRUNCATE TABLE IF EXISTS facts_progress {{on_cluster}};
