-- A clinician's review of a prediction: an audit row, never updated or deleted by the gateway. The prediction row is
-- never overwritten; a scan's final label is its latest review's, else the model's. reviewer_key is the hex SHA-256
-- of the API key used (keys are per role, so it names the key, not a person); reviewer_name is what the reviewer
-- typed, if anything. model_status says whether the model had sent the scan to review (REVIEW) or auto-accepted it
-- (DONE: a spot check, counted apart). The note is free text and may hold patient data: it is never logged.
CREATE TABLE scan_review (
    id             BIGSERIAL     PRIMARY KEY,
    scan_id        VARCHAR(64)   NOT NULL,
    reviewer_key   VARCHAR(64)   NOT NULL,
    reviewer_name  VARCHAR(100),
    model_name     VARCHAR(200)  NOT NULL,
    model_version  VARCHAR(100)  NOT NULL,
    model_sha256   VARCHAR(64)   NOT NULL,
    model_label    VARCHAR(64)   NOT NULL,
    model_status   VARCHAR(16)   NOT NULL,
    final_label    VARCHAR(64)   NOT NULL,
    note           VARCHAR(2000),
    reviewed_at    TIMESTAMPTZ   NOT NULL
);
CREATE INDEX scan_review_scan_idx ON scan_review (scan_id, reviewed_at);
CREATE INDEX scan_review_model_idx ON scan_review (model_name, model_version);

-- The gateway appends reviews and never changes one: its runtime role may not either (V4 granted it everything on
-- later tables). Retention purges, when they come, run as the owner.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'octflow_runtime') THEN
        REVOKE UPDATE, DELETE, TRUNCATE ON scan_review FROM octflow_runtime;
    END IF;
END $$;
