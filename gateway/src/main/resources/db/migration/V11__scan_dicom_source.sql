-- Where a B-scan received as DICOM came from: the instance and frame it was, so that a result (an SR's evidence, a
-- FHIR Observation's derivedFrom) always points back to its exact source frame. UIDs only, at most 64 characters each
-- (PS3.5 UI): identifiers of images, never of a patient. The patient's name, id and birth date are never stored; the
-- exam id (scan.exam_id) is the StudyInstanceUID. Kept as long as the scan's results, like the scan row (gateway
-- README, "What the gateway keeps").
CREATE TABLE scan_dicom_source (
    scan_id              VARCHAR(64)  PRIMARY KEY,
    study_instance_uid   VARCHAR(64)  NOT NULL,
    series_instance_uid  VARCHAR(64)  NOT NULL,
    sop_instance_uid     VARCHAR(64)  NOT NULL,
    sop_class_uid        VARCHAR(64)  NOT NULL,
    frame_number         INTEGER      NOT NULL CHECK (frame_number >= 1),
    recorded_at          TIMESTAMPTZ  NOT NULL
);
CREATE INDEX scan_dicom_source_study_idx ON scan_dicom_source (study_instance_uid);
-- The same frame stored twice (a resent STOW) is found by its instance and frame.
CREATE INDEX scan_dicom_source_instance_idx ON scan_dicom_source (sop_instance_uid, frame_number);
