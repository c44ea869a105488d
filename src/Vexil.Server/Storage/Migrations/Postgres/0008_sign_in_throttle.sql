-- Sign-in throttling, shared by every replica: one row per account name and per source address with recent failures.
-- key: 'account:' or 'address:' and the SHA-256 of the name or address; blocked_until: no sign-in is checked before it.
CREATE TABLE sign_in_throttle (
    key TEXT PRIMARY KEY,
    failures BIGINT NOT NULL,
    last_failure_at BIGINT NOT NULL,
    blocked_until BIGINT NULL
);
CREATE INDEX sign_in_throttle_last_failure ON sign_in_throttle (last_failure_at);
