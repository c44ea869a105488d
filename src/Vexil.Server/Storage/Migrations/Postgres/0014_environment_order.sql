-- Environments in the order people put them (development, staging, production; 0 = by creation), and archived ones
-- (out of the dashboard's lists, refusing changes that name them, everything kept): docs/dashboard.md, Environments.
ALTER TABLE environments ADD COLUMN position INTEGER NOT NULL DEFAULT 0;
ALTER TABLE environments ADD COLUMN archived_at BIGINT NULL;
