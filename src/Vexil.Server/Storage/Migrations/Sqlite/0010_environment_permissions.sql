-- Expand only: replicas of the previous release keep working against this schema (they ignore the table).
-- What editors and administrators may do in an environment: 'read', 'propose' (writes become change requests) or
-- 'write'. No row: both write.
CREATE TABLE environment_permissions (
    environment_id INTEGER PRIMARY KEY REFERENCES environments(id),
    editor_level TEXT NOT NULL,
    administrator_level TEXT NOT NULL,
    revision INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
