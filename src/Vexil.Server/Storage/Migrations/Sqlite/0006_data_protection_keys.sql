-- The dashboard's Data Protection key ring (antiforgery tokens), shared by the replicas of one database.
-- Written only when the store is shared (PostgreSQL); a single SQLite node keeps its keys in its data folder.
CREATE TABLE data_protection_keys (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    friendly_name TEXT NOT NULL UNIQUE,
    xml TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
