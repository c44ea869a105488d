-- Accounts can be disabled (no sign-in, sessions revoked) without losing who they were.
ALTER TABLE accounts ADD COLUMN disabled_at INTEGER NULL;
-- Sessions and one-time password-reset links are listed per account (api_tokens.name is the account's name for them).
CREATE INDEX api_tokens_kind_name ON api_tokens (kind, name);
