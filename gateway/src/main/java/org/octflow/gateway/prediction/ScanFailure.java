package org.octflow.gateway.prediction;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/** One dead letter: a scan (or a whole record) that got no prediction, and why. */
@Entity
@Table(name = "scan_failure")
public class ScanFailure extends PanacheEntityBase {
    /** Where the dead letter is on the dead-letter topic: stored once however often it is read. */
    @Embeddable
    public static class Key implements Serializable {
        @Column(name = "dlq_partition")
        public int partition;
        @Column(name = "dlq_offset")
        public long offset;

        public Key() {
        }

        public Key(int partition, long offset) {
            this.partition = partition;
            this.offset = offset;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.partition == partition && k.offset == offset;
        }

        @Override
        public int hashCode() {
            return Objects.hash(partition, offset);
        }
    }

    @EmbeddedId
    public Key key;
    @Column(name = "batch_id")
    public String batchId;
    /** Null for a record that was no ScanBatch: it names no scan. */
    @Column(name = "scan_id")
    public String scanId;
    @Column(nullable = false)
    public String code;
    @Column(nullable = false)
    public String reason;
    /** topic/partition/offset of the original record. */
    public String origin;
    /** The dead letter holds no value (the original was too large to copy); the original stays at its origin. */
    @Column(name = "cut_down", nullable = false)
    public boolean cutDown;
    @Column(name = "failed_at", nullable = false)
    public Instant failedAt;
    @Column(name = "stored_at", nullable = false)
    public Instant storedAt;
}
