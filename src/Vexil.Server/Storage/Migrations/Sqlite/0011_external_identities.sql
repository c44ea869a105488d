-- Single sign-on: an account created or signed in through an OpenID provider is linked to the provider's issuer and
-- subject (never to an e-mail address alone); deleting the account deletes its links.
CREATE TABLE external_identities (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    provider TEXT NOT NULL,
    issuer TEXT NOT NULL,
    subject TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    last_sign_in_at INTEGER NOT NULL,
    UNIQUE (issuer, subject)
);
CREATE INDEX external_identities_account ON external_identities (account_id);
