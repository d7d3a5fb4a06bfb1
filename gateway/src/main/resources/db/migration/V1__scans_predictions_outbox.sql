-- Scans submitted through the gateway. Image bytes live only in the outbox payload, never here.
CREATE TABLE scan (
    id            VARCHAR(64)  PRIMARY KEY,
    batch_id      VARCHAR(64)  NOT NULL,
    position      INT          NOT NULL,
    encoding      VARCHAR(16)  NOT NULL,
    size_bytes    INT          NOT NULL,
    width         INT          NOT NULL,
    height        INT          NOT NULL,
    status        VARCHAR(16)  NOT NULL,
    submitted_at  TIMESTAMPTZ  NOT NULL,
    completed_at  TIMESTAMPTZ,
    error_code    VARCHAR(64),
    error_reason  VARCHAR(2000)
);
CREATE INDEX scan_batch_idx ON scan (batch_id, position);
CREATE INDEX scan_status_idx ON scan (status);

-- One prediction per scan: the scan id is the key, so a redelivered prediction cannot add a row.
CREATE TABLE prediction (
    scan_id           VARCHAR(64)      PRIMARY KEY,
    batch_id          VARCHAR(64)      NOT NULL,
    label             VARCHAR(64)      NOT NULL,
    top_probability   DOUBLE PRECISION NOT NULL,
    status            VARCHAR(16)      NOT NULL,
    probabilities     JSONB            NOT NULL,
    model_name        VARCHAR(200)     NOT NULL,
    model_version     VARCHAR(100)     NOT NULL,
    model_sha256      VARCHAR(64)      NOT NULL,
    worker_id         VARCHAR(200),
    queued_micros     BIGINT,
    inference_micros  BIGINT,
    model_batch_size  INT,
    predicted_at      TIMESTAMPTZ      NOT NULL,
    stored_at         TIMESTAMPTZ      NOT NULL
);
CREATE INDEX prediction_predicted_at_idx ON prediction (predicted_at);
CREATE INDEX prediction_label_idx ON prediction (label);
CREATE INDEX prediction_model_idx ON prediction (model_name, model_version);
CREATE INDEX prediction_batch_idx ON prediction (batch_id);

-- Transactional outbox: written with the scan rows, drained to Kafka by the OutboxPublisher.
CREATE TABLE outbox (
    id            BIGSERIAL    PRIMARY KEY,
    topic         VARCHAR(200) NOT NULL,
    record_key    VARCHAR(200) NOT NULL,
    message_type  VARCHAR(100) NOT NULL,
    payload       BYTEA        NOT NULL,
    created_at    TIMESTAMPTZ  NOT NULL,
    sent_at       TIMESTAMPTZ
);
CREATE INDEX outbox_unsent_idx ON outbox (id) WHERE sent_at IS NULL;
