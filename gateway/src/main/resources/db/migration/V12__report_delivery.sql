-- Exam reports to store on the configured DICOMweb server (octflow.reports.stow-url), one row per exam: marked due in
-- the same transaction as the prediction or review that changed the exam's result, so no change is missed, and
-- retried with backoff until the server has the report. Exam ids and UIDs only, no patient data.
CREATE TABLE report_delivery (
    exam_id      VARCHAR(64)   PRIMARY KEY,
    due_at       TIMESTAMPTZ,            -- null: nothing to send
    changes      BIGINT        NOT NULL DEFAULT 0,  -- counts changes, so a change during a send is not lost
    attempts     INT           NOT NULL DEFAULT 0,
    last_error   VARCHAR(500),
    sent_uid     VARCHAR(64),            -- the SOP Instance UID the server last confirmed
    sent_at      TIMESTAMPTZ
);
CREATE INDEX report_delivery_due_idx ON report_delivery (due_at) WHERE due_at IS NOT NULL;
