-- Expand only: replicas of the previous release keep working against this schema.
-- An environment's change policy: writes that reach it become change requests.
CREATE TABLE change_policies (
    environment_id INTEGER PRIMARY KEY REFERENCES environments(id),
    required_approvals INTEGER NOT NULL,
    approver_roles TEXT NOT NULL,
    allow_self_approval INTEGER NOT NULL,
    revision INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
-- A proposed change set: its changes (ChangeJson), the bases it was proposed against, the readable difference.
-- environments and flags are ",a,b," lists, for listing by environment and by flag.
CREATE TABLE change_requests (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id INTEGER NOT NULL REFERENCES projects(id),
    title TEXT NOT NULL,
    description TEXT NULL,
    author TEXT NOT NULL,
    origin TEXT NOT NULL,
    status TEXT NOT NULL,
    changes TEXT NOT NULL,
    bases TEXT NOT NULL,
    diff TEXT NOT NULL,
    environments TEXT NOT NULL,
    flags TEXT NOT NULL,
    revision INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    applied_at INTEGER NULL,
    applied_by TEXT NULL
);
CREATE INDEX change_requests_project ON change_requests (project_id, id);
-- Approvals, rejections and comments; an approval counts for the revision it was given on.
CREATE TABLE change_request_reviews (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    change_request_id INTEGER NOT NULL REFERENCES change_requests(id),
    actor TEXT NOT NULL,
    kind TEXT NOT NULL,
    body TEXT NULL,
    revision INTEGER NOT NULL,
    at INTEGER NOT NULL
);
CREATE INDEX change_request_reviews_request ON change_request_reviews (change_request_id, id);
-- A change set (or an approved change request) to apply at run_at; claimed by the replica whose conditional update
-- of status from 'pending' succeeds inside the applying transaction.
CREATE TABLE scheduled_changes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id INTEGER NOT NULL REFERENCES projects(id),
    change_request_id INTEGER NULL REFERENCES change_requests(id),
    title TEXT NOT NULL,
    author TEXT NOT NULL,
    changes TEXT NULL,
    run_at INTEGER NOT NULL,
    missed TEXT NOT NULL,
    status TEXT NOT NULL,
    late INTEGER NOT NULL,
    environments TEXT NOT NULL,
    flags TEXT NOT NULL,
    detail TEXT NULL,
    revision INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    done_at INTEGER NULL
);
CREATE INDEX scheduled_changes_due ON scheduled_changes (status, run_at);
CREATE INDEX scheduled_changes_project ON scheduled_changes (project_id, id);
