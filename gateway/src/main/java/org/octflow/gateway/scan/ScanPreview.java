package org.octflow.gateway.scan;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A stored preview (see V9__scan_previews.sql): patient data, deleted by {@link PreviewRetention}. */
@Entity
@Table(name = "scan_preview")
public class ScanPreview extends PanacheEntityBase {
    @Id
    @Column(name = "scan_id")
    public String scanId;
    @Column(name = "content_type", nullable = false)
    public String contentType;
    @Column(nullable = false)
    public int width;
    @Column(nullable = false)
    public int height;
    @Column(nullable = false)
    public byte[] bytes;
    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    static ScanPreview of(String scanId, Preview preview, Instant now) {
        ScanPreview row = new ScanPreview();
        row.scanId = scanId;
        row.contentType = "image/jpeg";
        row.width = preview.width();
        row.height = preview.height();
        row.bytes = preview.jpeg();
        row.createdAt = now;
        return row;
    }
}
