-- A webhook's name: its identity in flags-as-code files (docs/cli.md#flags-as-code-export-and-apply), unique among the webhooks of one
-- project with the same environment filter. Webhooks made before names existed are named after their id.
ALTER TABLE webhook_subscriptions ADD COLUMN name TEXT NULL;
UPDATE webhook_subscriptions SET name = id;
CREATE UNIQUE INDEX webhook_subscriptions_name ON webhook_subscriptions (project_id, COALESCE(environment_key, ''), name);
