CREATE TABLE projects (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    revision INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

CREATE TABLE environments (
    id INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects(id),
    key TEXT NOT NULL,
    name TEXT NOT NULL,
    version INTEGER NOT NULL,
    revision INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (project_id, key)
);

CREATE TABLE flags (
    project_id INTEGER NOT NULL REFERENCES projects(id),
    key TEXT NOT NULL,
    type TEXT NOT NULL,
    name TEXT NOT NULL,
    description TEXT NULL,
    tags TEXT NOT NULL,
    lifetime TEXT NOT NULL,
    variations TEXT NOT NULL,
    revision INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (project_id, key)
);

CREATE TABLE flag_configs (
    environment_id INTEGER NOT NULL REFERENCES environments(id),
    flag_key TEXT NOT NULL,
    enabled INTEGER NOT NULL,
    off_variation TEXT NULL,
    salt TEXT NULL,
    prerequisites TEXT NOT NULL,
    targets TEXT NOT NULL,
    rules TEXT NOT NULL,
    fallthrough TEXT NOT NULL,
    revision INTEGER NOT NULL,
    version INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (environment_id, flag_key)
);

CREATE TABLE segments (
    environment_id INTEGER NOT NULL REFERENCES environments(id),
    key TEXT NOT NULL,
    description TEXT NULL,
    included TEXT NOT NULL,
    excluded TEXT NOT NULL,
    rules TEXT NOT NULL,
    revision INTEGER NOT NULL,
    version INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (environment_id, key)
);

CREATE TABLE change_log (
    environment_id INTEGER NOT NULL REFERENCES environments(id),
    version INTEGER NOT NULL,
    kind TEXT NOT NULL,
    key TEXT NOT NULL,
    operation TEXT NOT NULL,
    payload TEXT NULL,
    at INTEGER NOT NULL,
    PRIMARY KEY (environment_id, version, kind, key)
);

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    project_key TEXT NULL,
    environment_key TEXT NULL,
    resource TEXT NOT NULL,
    before_state TEXT NULL,
    after_state TEXT NULL,
    request_id TEXT NULL,
    comment TEXT NULL
);
CREATE INDEX audit_log_project ON audit_log (project_key, id);

CREATE TABLE accounts (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    salt TEXT NOT NULL,
    iterations INTEGER NOT NULL,
    role TEXT NOT NULL,
    created_at INTEGER NOT NULL
);

CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL,
    project_id INTEGER NULL REFERENCES projects(id),
    kind TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NULL,
    revoked_at INTEGER NULL
);

CREATE TABLE sdk_keys (
    id INTEGER PRIMARY KEY,
    environment_id INTEGER NOT NULL REFERENCES environments(id),
    kind TEXT NOT NULL,
    key_hash TEXT NOT NULL UNIQUE,
    hint TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NULL,
    revoked_at INTEGER NULL
);
