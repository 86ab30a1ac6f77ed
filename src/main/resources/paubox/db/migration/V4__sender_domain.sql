-- The operator console (/console) filters events and counts hard bounces by the sender's domain
-- (the domain of payload.from, lower-cased; not PHI: the sending organisation's own). Written
-- with each webhook as it is stored; NULL for the receiver's own alerts, for reconciled events,
-- and for events stored before this migration. Portable between PostgreSQL and H2, as V1.
ALTER TABLE webhook_events ADD COLUMN sender_domain VARCHAR(255);
-- The console's time windows (events by kind per hour, day and week).
CREATE INDEX webhook_events_received_idx ON webhook_events (received_at);
