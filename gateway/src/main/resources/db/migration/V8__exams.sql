-- Exams: the B-scans of one exam (e.g. a DICOM study) and eye give one result per exam and eye. exam_id is an opaque
-- id (letters, digits, . _ : -; at most 64 characters, never a name); laterality is R, L or NULL when not known.
-- The scan row keeps what the client stated at upload; the prediction row what the worker repeated, so that scans
-- sent straight to Kafka group into exams too.
ALTER TABLE scan ADD COLUMN exam_id VARCHAR(64);
ALTER TABLE scan ADD COLUMN laterality VARCHAR(1);
ALTER TABLE prediction ADD COLUMN exam_id VARCHAR(64);
ALTER TABLE prediction ADD COLUMN laterality VARCHAR(1);
CREATE INDEX scan_exam_idx ON scan (exam_id) WHERE exam_id IS NOT NULL;
CREATE INDEX prediction_exam_idx ON prediction (exam_id) WHERE exam_id IS NOT NULL;
