-- SDK keys have names: an environment holds several keys of each kind, and a rotation replaces one key (by its id),
-- never the others. Keys made before names existed were one lineage per kind: they are named 'default'.
ALTER TABLE sdk_keys ADD COLUMN name TEXT NOT NULL DEFAULT 'default';
