#!/usr/bin/env bash
# Bytes per row of the events store's two largest tables, with the schema Vexil.Events creates
# (src/Vexil.Events/Aggregation/SqliteEventStoreSql.cs) and realistic keys: 100,000 processed-batch ids (random UUIDs,
# kept for ProcessedBatchRetention) and 100,000 usage_minute rows (20-character flag keys, 1,000 per minute).
set -euo pipefail
DB=$(mktemp -u /tmp/vexil-rows-XXXXXX.db)
trap 'rm -f "$DB" "$DB-wal" "$DB-shm"' EXIT
sqlite3 "$DB" > /dev/null <<'SQL'
PRAGMA journal_mode=WAL;
CREATE TABLE processed_batches (environment TEXT NOT NULL, batch_id TEXT NOT NULL, processed_at BIGINT NOT NULL, PRIMARY KEY (environment, batch_id));
CREATE INDEX processed_batches_at ON processed_batches (processed_at);
CREATE TABLE usage_minute (environment TEXT NOT NULL, flag TEXT NOT NULL, variation TEXT NOT NULL, bucket BIGINT NOT NULL, evaluations BIGINT NOT NULL, exposures BIGINT NOT NULL, PRIMARY KEY (environment, flag, variation, bucket));
CREATE INDEX usage_minute_bucket ON usage_minute (bucket);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i < 100000)
INSERT INTO processed_batches SELECT 'production', lower(hex(randomblob(4)))||'-'||lower(hex(randomblob(2)))||'-4'||substr(lower(hex(randomblob(2))),2)||'-a'||substr(lower(hex(randomblob(2))),2)||'-'||lower(hex(randomblob(6))), 1795000000000 + i*600 FROM n;
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i+1 FROM n WHERE i < 99999)
INSERT INTO usage_minute SELECT 'production', 'checkout-redesign-' || ((i % 1000) / 2), CASE WHEN i % 2 = 0 THEN 'on' ELSE 'off' END, 1795000000 + (i / 1000) * 60, 12345 + i, 0 FROM n;
PRAGMA wal_checkpoint(TRUNCATE);
SQL
sqlite3 "$DB" "SELECT 'processed_batches: ' || (SUM(pgsize) / 100000) || ' bytes per batch (table and indexes)' FROM dbstat WHERE name IN ('processed_batches','processed_batches_at','sqlite_autoindex_processed_batches_1');
SELECT 'usage_minute: ' || (SUM(pgsize) / 100000) || ' bytes per row (table and indexes)' FROM dbstat WHERE name IN ('usage_minute','usage_minute_bucket','sqlite_autoindex_usage_minute_1');"
