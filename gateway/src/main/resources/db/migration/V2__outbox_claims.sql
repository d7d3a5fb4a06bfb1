-- A publisher claims rows for a lease, sends them outside any database transaction, and marks each sent once Kafka
-- acknowledged it; other gateways skip claimed rows. So a slow Kafka never holds a transaction open, and a row whose
-- send was acknowledged is never sent again (see OutboxPublisher).
ALTER TABLE outbox ADD COLUMN claimed_by VARCHAR(300);
ALTER TABLE outbox ADD COLUMN claimed_until TIMESTAMPTZ;
ALTER TABLE outbox ADD COLUMN attempts INT NOT NULL DEFAULT 0;
