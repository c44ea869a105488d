-- Projects in the order people put them (0 = by key, the order they had before), and archived ones (listed apart,
-- refusing changes that name them, their SDK keys still serving, everything kept): docs/dashboard.md, Projects.
ALTER TABLE projects ADD COLUMN position INTEGER NOT NULL DEFAULT 0;
ALTER TABLE projects ADD COLUMN archived_at BIGINT NULL;
