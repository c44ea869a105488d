-- The fields of a segment that imports from LaunchDarkly brought (docs/flag-format.md): a JSON object with
-- includedContexts, excludedContexts and salt, or NULL.
ALTER TABLE segments ADD COLUMN contexts TEXT NULL;

-- A flag that reads contexts with kinds (LaunchDarkly's model; docs/flag-format.md#context-kinds): 1, else 0.
ALTER TABLE flag_configs ADD COLUMN context_kinds BIGINT NOT NULL DEFAULT 0;
