package org.octflow.gateway.scan;

import com.google.protobuf.ByteString;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import org.octflow.contracts.Headers;
import org.octflow.contracts.Topics;
import org.octflow.contracts.records.DeadLetters;
import org.octflow.contracts.records.RecordLimits;
import org.octflow.contracts.records.Timestamps;
import org.octflow.contracts.v1.ScanBatch;
import org.octflow.gateway.outbox.OutboxMessage;
import org.octflow.gateway.outbox.OutboxWritten;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Stores accepted scans as PENDING together with the ScanBatch that announces them, in one transaction: either both
 * exist or neither does, so a crash can never leave a scan that no worker will hear of.
 */
// Created at start so its metrics exist (as zeros) before the first request.
@Startup
@ApplicationScoped
public class ScanSubmitter {
    public static final String SOURCE = "gateway";

    private final Event<OutboxWritten> outboxWritten;
    private final Clock clock;
    private final Counter submitted;

    public ScanSubmitter(Event<OutboxWritten> outboxWritten, Clock clock, MeterRegistry registry) {
        this.outboxWritten = outboxWritten;
        this.clock = clock;
        this.submitted = Counter.builder("octflow.gateway.scans.submitted")
                .description("Scans accepted and stored as PENDING").register(registry);
    }

    @Transactional
    public SubmittedBatch submit(List<AcceptedScan> scans) {
        Instant now = clock.instant();
        String batchId = UUID.randomUUID().toString();
        ScanBatch.Builder batch = ScanBatch.newBuilder()
                .setBatchId(batchId)
                .setSource(SOURCE)
                .setSubmittedAt(Timestamps.of(now));
        List<String> scanIds = new ArrayList<>(scans.size());
        List<Scan> rows = new ArrayList<>(scans.size());
        for (int i = 0; i < scans.size(); i++) {
            AcceptedScan accepted = scans.get(i);
            String scanId = UUID.randomUUID().toString();
            scanIds.add(scanId);
            rows.add(toRow(scanId, batchId, i, accepted, now));
            batch.addScans(org.octflow.contracts.v1.Scan.newBuilder()
                    .setScanId(scanId)
                    .setImage(ByteString.copyFrom(accepted.bytes()))
                    .setEncoding(accepted.encoding())
                    .setWidth(accepted.width())
                    .setHeight(accepted.height())
                    .putAllMetadata(accepted.metadata())
                    .setExamId(accepted.exam().examId())
                    .setLaterality(accepted.exam().laterality()));
        }
        byte[] payload = batch.build().toByteArray();
        if (payload.length > RecordLimits.MAX_SCAN_BATCH_BYTES) {
            // Images and metadata together: rolled back, nothing stored.
            throw new UploadRejectedException(413, "the submission would be a " + payload.length + "-byte ScanBatch;"
                    + " one Kafka record holds " + RecordLimits.MAX_SCAN_BATCH_BYTES + " bytes: send fewer images"
                    + " or less metadata per request");
        }
        // The payload is the record's value, sent unchanged: workers state its digest on every outcome of it.
        String sourceSha256 = DeadLetters.sha256(payload);
        for (int i = 0; i < rows.size(); i++) {
            Scan row = rows.get(i);
            row.sourceSha256 = sourceSha256;
            row.persist();
            if (scans.get(i).preview() != null) {
                ScanPreview.of(row.id, scans.get(i).preview(), now).persist();
            }
            ScanSiteDevice.of(row.id, scans.get(i).metadata(), now).ifPresent(place -> place.persist());
        }
        OutboxMessage.of(Topics.SCANS, batchId, Headers.SCAN_BATCH_TYPE, payload, now).persist();
        outboxWritten.fire(new OutboxWritten(batchId));
        submitted.increment(scans.size());
        return new SubmittedBatch(batchId, List.copyOf(scanIds), now);
    }

    private static Scan toRow(String scanId, String batchId, int position, AcceptedScan accepted, Instant now) {
        Scan row = new Scan();
        row.id = scanId;
        row.batchId = batchId;
        row.position = position;
        row.encoding = accepted.encoding().name();
        row.sizeBytes = accepted.bytes().length;
        row.width = accepted.width();
        row.height = accepted.height();
        row.status = ScanStatus.PENDING;
        row.submittedAt = now;
        row.examId = accepted.exam().examId().isEmpty() ? null : accepted.exam().examId();
        row.laterality = ExamRef.eye(accepted.exam().laterality());
        return row;
    }
}
