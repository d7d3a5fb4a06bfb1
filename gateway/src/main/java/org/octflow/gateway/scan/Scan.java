package org.octflow.gateway.scan;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.octflow.contracts.ContractLimits;

import java.time.Instant;
import java.util.List;

/** A scan submitted through the gateway and its progress. Holds no image bytes and no metadata (site and device: {@link ScanSiteDevice}). */
@Entity
@Table(name = "scan")
public class Scan extends PanacheEntityBase {
    @Id
    public String id;
    @Column(name = "batch_id", nullable = false)
    public String batchId;
    /** Order within the batch, as submitted. */
    @Column(nullable = false)
    public int position;
    @Column(nullable = false)
    public String encoding;
    @Column(name = "size_bytes", nullable = false)
    public int sizeBytes;
    public int width;
    public int height;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public ScanStatus status;
    @Column(name = "submitted_at", nullable = false)
    public Instant submittedAt;
    @Column(name = "completed_at")
    public Instant completedAt;
    @Column(name = "error_code")
    public String errorCode;
    @Column(name = "error_reason")
    public String errorReason;
    /**
     * Hex sha256 of the ScanBatch record that carries this scan to the workers (see V6__scan_source_digest.sql): only
     * outcomes answering those very bytes change the scan. Null for scans accepted before it was recorded.
     */
    @Column(name = "source_sha256")
    public String sourceSha256;

    /** The exam the client said the scan belongs to (e.g. a StudyInstanceUID); null when it said none. */
    @Column(name = "exam_id")
    public String examId;
    /** R or L, or null when not known. */
    public String laterality;

    public static List<Scan> ofBatch(String batchId) {
        return list("batchId = ?1 order by position", batchId);
    }

    /** Moves a pending scan to a final state; a scan already final keeps its first outcome. */
    public boolean complete(ScanStatus outcome, Instant at) {
        if (status.isFinal()) {
            return false;
        }
        status = outcome;
        completedAt = at;
        return true;
    }

    public boolean fail(String code, String reason, Instant at) {
        if (!complete(ScanStatus.FAILED, at)) {
            return false;
        }
        errorCode = code;
        errorReason = ContractLimits.reason(reason);
        return true;
    }
}
