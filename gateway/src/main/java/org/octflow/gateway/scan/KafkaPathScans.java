package org.octflow.gateway.scan;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;
import org.octflow.contracts.ContractLimits;
import org.octflow.contracts.records.RecordOrigin;
import org.octflow.contracts.v1.ImageEncoding;
import org.octflow.contracts.v1.ScanBatch;
import org.octflow.gateway.config.GatewayConfig;
import org.octflow.preprocessing.ScanDecoder;
import org.octflow.preprocessing.ScanRejectedException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What the gateway keeps of a scan an imaging system sent straight to Kafka: the same preview an upload gets (same
 * decoder, same {@link PreviewMaker}) and its site and device. A scan id with a scan row is the gateway's own (its
 * preview was made at upload; a record of someone else reusing that id changes nothing). Otherwise the first record
 * naming a scan id wins, as for predictions. A scan whose image does not decode gets no preview, and is counted.
 */
// Created at start so its metrics exist (as zeros) before the first record.
@Startup
@ApplicationScoped
public class KafkaPathScans {
    private static final Logger LOG = Logger.getLogger(KafkaPathScans.class);
    /** The scan id column's width (prediction and scan_preview alike). */
    private static final int MAX_SCAN_ID_CHARS = 64;

    private final EntityManager entityManager;
    private final ScanDecoder decoder;
    private final PreviewMaker previews;
    private final long maxWholeImageJpegPixels;
    private final Duration retention;
    private final Clock clock;
    private final Counter undecodable;
    private final Counter stored;
    private final Timer making;

    public KafkaPathScans(EntityManager entityManager, GatewayConfig config, Clock clock, MeterRegistry registry) {
        this.entityManager = entityManager;
        this.decoder = new ScanDecoder(config.upload().maxPixels());
        this.previews = new PreviewMaker(config.previews().maxSide());
        this.maxWholeImageJpegPixels = config.upload().maxProgressiveJpegPixels();
        this.retention = config.previews().retention();
        this.clock = clock;
        this.undecodable = Counter.builder("octflow.gateway.previews.undecodable")
                .description("Scans sent straight to Kafka whose image did not decode (or was a progressive JPEG over"
                        + " octflow.upload.max-progressive-jpeg-pixels): no preview kept").register(registry);
        this.stored = Counter.builder("octflow.gateway.previews.kafka.path")
                .description("Previews kept of scans sent straight to Kafka").register(registry);
        this.making = Timer.builder("octflow.gateway.previews.making")
                .description("Decoding a scan sent straight to Kafka and making its preview").register(registry);
    }

    /** Keeps what it may of one record's scans; returns how many previews were new. */
    public int keep(ScanBatch batch, RecordOrigin origin, Instant sentAt) {
        List<Integer> candidates = new ArrayList<>();
        for (int i = 0; i < batch.getScansCount(); i++) {
            String scanId = batch.getScans(i).getScanId();
            if (!scanId.isBlank() && scanId.length() <= MAX_SCAN_ID_CHARS) {
                candidates.add(i); // any other id gets no prediction row either (the workers dead-letter it)
            }
        }
        if (candidates.isEmpty()) {
            return 0;
        }
        Set<String> ids = new HashSet<>();
        candidates.forEach(i -> ids.add(batch.getScans(i).getScanId()));
        Set<String> gatewayScans = new HashSet<>();
        Set<String> previewed = new HashSet<>();
        QuarkusTransaction.requiringNew().timeout(30).run(() -> {
            gatewayScans.addAll(ids(Scan.class, "id", ids));
            previewed.addAll(ids(ScanPreview.class, "scanId", ids));
        });
        Instant now = clock.instant();
        // The copy's age counts from when the scan was sent, so a record read late is not kept longer.
        Instant createdAt = sentAt.isAfter(now) ? now : sentAt;
        boolean withinRetention = createdAt.isAfter(now.minus(retention));
        List<ScanPreview> newPreviews = new ArrayList<>();
        List<ScanSiteDevice> places = new ArrayList<>();
        for (int i : candidates) {
            var scan = batch.getScans(i);
            if (gatewayScans.contains(scan.getScanId())) {
                continue;
            }
            ScanSiteDevice.of(scan.getScanId(), scan.getMetadataMap(), now).ifPresent(places::add);
            if (withinRetention && !previewed.contains(scan.getScanId())) {
                Preview preview = preview(scan, "scan " + (i + 1) + " of " + batch.getScansCount() + " in " + origin);
                if (preview != null) {
                    newPreviews.add(ScanPreview.of(scan.getScanId(), preview, createdAt));
                }
            }
        }
        if (newPreviews.isEmpty() && places.isEmpty()) {
            return 0;
        }
        int added = QuarkusTransaction.requiringNew().timeout(30).call(() -> {
            int count = 0;
            for (ScanPreview preview : newPreviews) {
                count += insert(preview);
            }
            places.forEach(this::insert);
            return count;
        });
        stored.increment(added);
        return added;
    }

    /** The preview of a scan, or null (counted, logged without image or metadata) when its image does not decode. */
    private Preview preview(org.octflow.contracts.v1.Scan scan, String where) {
        byte[] image = scan.getImage().toByteArray();
        long started = System.nanoTime();
        try {
            if (scan.getEncoding() == ImageEncoding.JPEG) {
                // Decoded whole in native memory: the cap that protects uploads protects this thread too.
                JpegFrame frame = JpegFrame.wholeImageOver(image, maxWholeImageJpegPixels).orElse(null);
                if (frame != null) {
                    return unmade(where, "a progressive or multi-scan JPEG of " + frame.width() + "x"
                            + frame.height() + ", over octflow.upload.max-progressive-jpeg-pixels");
                }
            }
            return previews.of(decoder.decode(image, scan.getEncoding(), scan.getWidth(), scan.getHeight()));
        } catch (ScanRejectedException e) {
            return unmade(where, e.code() + ": " + ContractLimits.reason(e.getMessage()));
        } catch (RuntimeException e) {
            // An image reader's own failure on a damaged file: as undecodable, without its message (it may quote bytes).
            return unmade(where, "the image reader failed (" + e.getClass().getSimpleName() + ")");
        } finally {
            making.record(Duration.ofNanos(System.nanoTime() - started));
        }
    }

    private Preview unmade(String where, String why) {
        undecodable.increment();
        LOG.warnf("no preview of %s: %s; the workers judge the scan as usual", where, why);
        return null;
    }

    private Set<String> ids(Class<?> entity, String idField, Set<String> ids) {
        return new HashSet<>(entityManager.createQuery("SELECT e." + idField + " FROM " + entity.getSimpleName()
                + " e WHERE e." + idField + " IN :ids", String.class).setParameter("ids", ids).getResultList());
    }

    /** Another gateway may store the same scan at the same moment: the first row stands, the second is no error. */
    private int insert(ScanPreview row) {
        return entityManager.createNativeQuery("INSERT INTO scan_preview (scan_id, content_type, width, height,"
                        + " bytes, created_at) VALUES (:scanId, :contentType, :width, :height, :bytes, :createdAt)"
                        + " ON CONFLICT (scan_id) DO NOTHING")
                .setParameter("scanId", row.scanId).setParameter("contentType", row.contentType)
                .setParameter("width", row.width).setParameter("height", row.height)
                .setParameter("bytes", row.bytes).setParameter("createdAt", row.createdAt).executeUpdate();
    }

    private void insert(ScanSiteDevice row) {
        entityManager.createNativeQuery("INSERT INTO scan_site_device (scan_id, site, device, recorded_at)"
                        + " VALUES (:scanId, :site, :device, :recordedAt) ON CONFLICT (scan_id) DO NOTHING")
                .setParameter("scanId", row.scanId).setParameter("site", row.site)
                .setParameter("device", row.device).setParameter("recordedAt", row.recordedAt).executeUpdate();
    }
}
