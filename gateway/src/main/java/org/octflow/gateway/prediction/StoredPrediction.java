package org.octflow.gateway.prediction;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import org.octflow.gateway.scan.ScanStatus;

import java.time.Instant;
import java.util.List;

/** A worker's prediction for one scan, keyed by scan id so that it is stored once however often it arrives. */
@Entity
@Table(name = "prediction")
public class StoredPrediction extends PanacheEntityBase {
    @Id
    @Column(name = "scan_id")
    public String scanId;
    @Column(name = "batch_id", nullable = false)
    public String batchId;
    @Column(nullable = false)
    public String label;
    @Column(name = "top_probability", nullable = false)
    public double topProbability;
    /** DONE, or REVIEW when the top probability is under the review threshold. */
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public ScanStatus status;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public List<ClassScore> probabilities;
    /** The model's evidence map for the label; null when the model gives none. */
    @JdbcTypeCode(SqlTypes.JSON)
    public Evidence evidence;
    @Column(name = "model_name", nullable = false)
    public String modelName;
    @Column(name = "model_version", nullable = false)
    public String modelVersion;
    @Column(name = "model_sha256", nullable = false)
    public String modelSha256;
    @Column(name = "worker_id")
    public String workerId;
    @Column(name = "queued_micros")
    public Long queuedMicros;
    @Column(name = "inference_micros")
    public Long inferenceMicros;
    @Column(name = "model_batch_size")
    public Integer modelBatchSize;
    /** The exam and eye (R, L or null) of the scan, as stated at upload or repeated by the worker. */
    @Column(name = "exam_id")
    public String examId;
    public String laterality;
    @Column(name = "predicted_at", nullable = false)
    public Instant predictedAt;
    @Column(name = "stored_at", nullable = false)
    public Instant storedAt;
}
