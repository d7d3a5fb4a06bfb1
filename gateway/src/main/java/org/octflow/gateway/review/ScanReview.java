package org.octflow.gateway.review;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.List;

/**
 * One review of one prediction, as an audit row (see V7__scan_reviews.sql): written once, never changed. The scan's
 * final label is its latest review's.
 */
@Entity
@Table(name = "scan_review")
public class ScanReview extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "scan_id", nullable = false)
    public String scanId;
    /** Hex SHA-256 of the API key used: names the key (a role's), never holds it. */
    @Column(name = "reviewer_key", nullable = false)
    public String reviewerKey;
    @Column(name = "reviewer_name")
    public String reviewerName;
    @Column(name = "model_name", nullable = false)
    public String modelName;
    @Column(name = "model_version", nullable = false)
    public String modelVersion;
    @Column(name = "model_sha256", nullable = false)
    public String modelSha256;
    @Column(name = "model_label", nullable = false)
    public String modelLabel;
    /** REVIEW if the model sent the scan to review, DONE if it auto-accepted it (the review is a spot check). */
    @Column(name = "model_status", nullable = false)
    public String modelStatus;
    @Column(name = "final_label", nullable = false)
    public String finalLabel;
    public String note;
    @Column(name = "reviewed_at", nullable = false)
    public Instant reviewedAt;

    /** Oldest first: the audit trail in the order it was written. */
    public static List<ScanReview> ofScan(String scanId) {
        return list("scanId = ?1 order by reviewedAt, id", scanId);
    }
}
