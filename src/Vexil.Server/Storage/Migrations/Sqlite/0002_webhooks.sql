CREATE TABLE webhook_subscriptions (
    id TEXT PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects(id),
    url TEXT NOT NULL,
    events TEXT NOT NULL,
    environment_key TEXT NULL,
    description TEXT NULL,
    secret_cipher TEXT NOT NULL,
    secret_hint TEXT NOT NULL,
    revision INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX webhook_subscriptions_project ON webhook_subscriptions (project_id, id);

CREATE TABLE webhook_outbox (
    id INTEGER PRIMARY KEY,
    event_id TEXT NOT NULL,
    project_key TEXT NOT NULL,
    environment_key TEXT NULL,
    event_type TEXT NOT NULL,
    data TEXT NOT NULL,
    at INTEGER NOT NULL
);

ALTER TABLE flags ADD COLUMN expected_lifetime_days INTEGER NULL;
