package org.octflow.gateway.scan;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A scan's "site" and "device" metadata values (see V10__scan_site_device.sql), for the review queue's filters: the
 * only metadata the gateway keeps. Scans from both ways in have one, so it is keyed by scan id, not by scan row.
 */
@Entity
@Table(name = "scan_site_device")
public class ScanSiteDevice extends PanacheEntityBase {
    public static final String SITE = "site";
    public static final String DEVICE = "device";

    @Id
    @Column(name = "scan_id")
    public String scanId;
    public String site;
    public String device;
    @Column(name = "recorded_at", nullable = false)
    public Instant recordedAt;

    /**
     * The row for a scan with this metadata, or empty when it names neither key. A value past
     * {@link MetadataLimits#MAX_VALUE_CHARS} (only a record sent straight to Kafka can carry one: uploads are refused
     * first) is not kept: a cut value would match no filter anyway.
     */
    public static Optional<ScanSiteDevice> of(String scanId, Map<String, String> metadata, Instant now) {
        String site = kept(metadata.get(SITE));
        String device = kept(metadata.get(DEVICE));
        if (site == null && device == null) {
            return Optional.empty();
        }
        ScanSiteDevice row = new ScanSiteDevice();
        row.scanId = scanId;
        row.site = site;
        row.device = device;
        row.recordedAt = now;
        return Optional.of(row);
    }

    private static String kept(String value) {
        return value == null || value.isBlank() || value.length() > MetadataLimits.MAX_VALUE_CHARS ? null : value;
    }
}
