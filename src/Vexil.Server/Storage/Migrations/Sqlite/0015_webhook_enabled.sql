-- A webhook can be turned off without deleting it (and losing its secret): a disabled webhook is given no new deliveries,
-- and deliveries already queued for it are dropped when their turn comes (docs/events.md#webhooks). Existing webhooks stay on.
ALTER TABLE webhook_subscriptions ADD COLUMN enabled INTEGER NOT NULL DEFAULT 1;
