-- Expand only: replicas of the previous release keep working against this schema.
-- An archived flag keeps its targeting here, out of every environment's ruleset, until it is restored.
ALTER TABLE flags ADD COLUMN archived_at BIGINT NULL;
CREATE TABLE archived_flag_configs (
    environment_id BIGINT NOT NULL REFERENCES environments(id),
    flag_key TEXT NOT NULL,
    enabled BIGINT NOT NULL,
    off_variation TEXT NULL,
    salt TEXT NULL,
    prerequisites TEXT NOT NULL,
    targets TEXT NOT NULL,
    rules TEXT NOT NULL,
    fallthrough TEXT NOT NULL,
    revision BIGINT NOT NULL,
    version BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (environment_id, flag_key)
);
-- The audit record's structured difference (a JSON array of {path, before, after}).
ALTER TABLE audit_log ADD COLUMN diff TEXT NULL;
CREATE INDEX audit_log_resource ON audit_log (resource, id);
-- Flag keys are unique regardless of case; the recorder finds a key's case variants through this index.
CREATE INDEX flags_lower_key ON flags (project_id, lower(key));
-- Members of a flag's targeting or of a segment that Core's model gained after these tables were made (context kinds,
-- vendors' fields), as one JSON object, so the model can grow without a migration per field; NULL when there are none.
ALTER TABLE flag_configs ADD COLUMN extra TEXT NULL;
ALTER TABLE archived_flag_configs ADD COLUMN extra TEXT NULL;
ALTER TABLE segments ADD COLUMN extra TEXT NULL;
