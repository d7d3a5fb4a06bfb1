-- Hex sha256 of the ScanBatch record the gateway sent for this scan (its outbox payload, sent unchanged). Workers
-- state that digest on every outcome (a prediction, a dead letter), so only outcomes of that very record change the
-- scan: anyone allowed to write scans can reuse a gateway batch or scan id in a record of their own, but not its
-- bytes. Known at submission, so no outcome can arrive before it. NULL for scans accepted before this column existed,
-- which outcomes match by id alone, as before.
ALTER TABLE scan ADD COLUMN source_sha256 VARCHAR(64);
