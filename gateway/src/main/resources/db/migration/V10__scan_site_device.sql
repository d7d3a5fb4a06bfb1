-- Where and on what a scan was taken: its "site" and "device" metadata values, for the review queue's filters. Only
-- these two keys are kept (the rest of a scan's metadata stays in the ScanBatch, never in the database); each value at
-- most MetadataLimits.MAX_VALUE_CHARS (1,024) characters. Labels of a clinic and an instrument, not of a patient.
-- Written at upload for scans sent through the gateway, and by the scans-topic observer (ScanObserver) for scans
-- imaging systems send straight to Kafka, which have no scan row: hence a table of its own, keyed by scan id. The
-- first record naming a scan id wins, as for predictions.
CREATE TABLE scan_site_device (
    scan_id      VARCHAR(64)    PRIMARY KEY,
    site         VARCHAR(1024),
    device       VARCHAR(1024),
    recorded_at  TIMESTAMPTZ    NOT NULL
);
-- Equality filters only. Hash indexes, because a 1,024-character value can outgrow a B-tree entry (2,704 bytes).
CREATE INDEX scan_site_device_site_idx ON scan_site_device USING hash (site);
CREATE INDEX scan_site_device_device_idx ON scan_site_device USING hash (device);

-- Grants: none here. V4's default privileges give the runtime role SELECT, INSERT, UPDATE, DELETE on every table the
-- owner creates later (as for scan_preview in V9); only an audit table (V7's scan_review) takes rights away.
