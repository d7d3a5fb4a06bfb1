-- A small JPEG of each scan uploaded to the gateway (longest side octflow.previews.max-side), for reviewers. Patient
-- data: served only to reader and reviewer keys, never logged, deleted after octflow.previews.retention
-- (PreviewRetention). The scan's reference stays its metadata (e.g. SOP Instance UID in PACS), not this copy.
CREATE TABLE scan_preview (
    scan_id       VARCHAR(64)  PRIMARY KEY,
    content_type  VARCHAR(32)  NOT NULL,
    width         INT          NOT NULL,
    height        INT          NOT NULL,
    bytes         BYTEA        NOT NULL,
    created_at    TIMESTAMPTZ  NOT NULL
);
CREATE INDEX scan_preview_created_idx ON scan_preview (created_at);
