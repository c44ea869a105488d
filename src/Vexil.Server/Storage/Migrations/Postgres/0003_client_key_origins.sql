-- The browser origins (CORS) a client key may be used from: a JSON array of origins, NULL for none.
ALTER TABLE sdk_keys ADD COLUMN allowed_origins TEXT NULL;
