-- Every dead letter, as one row: the one source of failures. Scans sent straight to Kafka have no scan row, and a
-- record that was no ScanBatch names no scan at all; both are still found here. The dead letter's own coordinates
-- are the key, so a redelivered one adds nothing.
CREATE TABLE scan_failure (
    dlq_partition  INT           NOT NULL,
    dlq_offset     BIGINT        NOT NULL,
    batch_id       VARCHAR(1024),
    scan_id        VARCHAR(200),
    code           VARCHAR(64)   NOT NULL,
    reason         VARCHAR(2000) NOT NULL,
    origin         VARCHAR(300),
    cut_down       BOOLEAN       NOT NULL,
    failed_at      TIMESTAMPTZ   NOT NULL,
    stored_at      TIMESTAMPTZ   NOT NULL,
    PRIMARY KEY (dlq_partition, dlq_offset)
);
CREATE INDEX scan_failure_batch_idx ON scan_failure (batch_id);
CREATE INDEX scan_failure_scan_idx ON scan_failure (scan_id);
CREATE INDEX scan_failure_failed_at_idx ON scan_failure (failed_at);
