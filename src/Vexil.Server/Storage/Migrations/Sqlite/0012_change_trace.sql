-- The W3C traceparent of the write that recorded a change (when it was traced), so that delivery, edges and SDKs
-- can join the write's trace long after its request ended (docs/observability.md, Tracing).
ALTER TABLE change_log ADD COLUMN trace_parent TEXT NULL;
