package org.octflow.gateway.prediction;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;
import org.octflow.contracts.ContractLimits;
import org.octflow.contracts.records.Timestamps;
import org.octflow.contracts.v1.Decision;
import org.octflow.contracts.v1.PredictionBatch;
import org.octflow.contracts.v1.ScanPrediction;
import org.octflow.gateway.config.GatewayConfig;
import org.octflow.gateway.report.ReportDeliveries;
import org.octflow.gateway.scan.ExamRef;
import org.octflow.gateway.scan.Scan;
import org.octflow.gateway.scan.ScanStatus;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns what workers report into rows, idempotently: a prediction is stored once per scan id, a failure once per dead
 * letter, and a scan moves out of PENDING once. Redelivered records therefore change nothing. Failures come from one
 * source, the dead-letter topic, which covers every failure (a PredictionBatch's ScanErrors repeat the same ones, and a
 * record that was no ScanBatch has no PredictionBatch at all).
 * <p>
 * A gateway scan takes only the outcomes of the record the gateway sent for it ({@link ScanBinding}); an outcome of
 * another record that reuses its ids is not applied to it, and is counted in {@code octflow.gateway.outcomes.foreign}.
 * A scan sent straight to Kafka (no scan row) is bound by its first stored prediction: the first binding wins.
 */
// Created at start so its metrics exist (as zeros) before the first request.
@Startup
@ApplicationScoped
public class PredictionStore {
    private static final Logger LOG = Logger.getLogger(PredictionStore.class);
    private final double reviewThreshold;
    private final Clock clock;
    private final MeterRegistry registry;
    private final Counter duplicates;
    private final Counter failed;
    private final Counter foreign;
    private final ReportDeliveries reports;

    public PredictionStore(GatewayConfig config, Clock clock, MeterRegistry registry, ReportDeliveries reports) {
        this.reviewThreshold = config.review().threshold();
        this.clock = clock;
        this.reports = reports;
        this.registry = registry;
        this.duplicates = Counter.builder("octflow.gateway.predictions.duplicates")
                .description("Predictions ignored because the scan already had one (redeliveries)").register(registry);
        this.failed = Counter.builder("octflow.gateway.scans.failed")
                .description("Scans marked FAILED from a dead letter").register(registry);
        this.foreign = Counter.builder("octflow.gateway.outcomes.foreign")
                .description("Predictions and dead letters naming gateway scans but answering another record than"
                        + " the gateway's: not applied to those scans").register(registry);
    }

    /** Stores every outcome of one PredictionBatch; returns how many predictions were new. */
    @Transactional
    public int store(PredictionBatch batch) {
        Instant now = clock.instant();
        Instant predictedAt = batch.hasPredictedAt()
                ? Timestamps.toInstant(batch.getPredictedAt())
                : now;
        int added = 0;
        int foreignScans = 0;
        Map<List<String>, Integer> storedByStatusAndModel = new HashMap<>();
        for (ScanPrediction outcome : batch.getPredictionsList()) {
            if (!outcome.hasPrediction()) {
                continue; // a ScanError: its dead letter records it
            }
            Scan scan = Scan.findById(outcome.getScanId());
            if (scan != null && ScanBinding.isForeign(scan, batch.getSourceSha256())) {
                // The prediction row is keyed by scan id, which the gateway's scan owns: this one is not stored.
                foreignScans++;
                continue;
            }
            // Without a scan row (sent straight to Kafka), the first prediction stored under the id wins.
            if (StoredPrediction.findById(outcome.getScanId()) != null) {
                duplicates.increment();
                continue;
            }
            StoredPrediction row = toRow(batch, outcome, predictedAt, now);
            if (scan != null) {
                // What the client stated at upload stands (an older worker does not repeat it).
                row.examId = scan.examId;
                row.laterality = scan.laterality;
            }
            row.persist();
            reports.changed(row.examId); // the exam's result may have changed: its report is due
            added++;
            storedByStatusAndModel.merge(List.of(row.status.name(), row.modelVersion), 1, Integer::sum);
            if (scan != null) {
                scan.complete(row.status, now);
            }
        }
        storedByStatusAndModel.forEach((key, count) -> stored(key.get(0), key.get(1)).increment(count));
        if (foreignScans > 0) {
            foreign("prediction", batch.getBatchId(), batch.getOrigin(), foreignScans);
        }
        return added;
    }

    /** Per status (DONE, REVIEW) and model version: the REVIEW share by model version, in dashboards and alerts. */
    private Counter stored(String status, String modelVersion) {
        return Counter.builder("octflow.gateway.predictions.stored").description("Predictions stored")
                .tag("status", status).tag("model_version", modelVersion).register(registry);
    }

    /**
     * Records one dead letter (once per position on the dead-letter topic) and marks the scans it names FAILED; a
     * record that was no ScanBatch names only its batch (the key): every scan of it still pending has failed.
     * Returns how many scan rows it moved to FAILED.
     */
    @Transactional
    public int recordFailure(DeadLetter letter, int dlqPartition, long dlqOffset, Instant failedAt) {
        ScanFailure.Key key = new ScanFailure.Key(dlqPartition, dlqOffset);
        if (ScanFailure.findById(key) != null) {
            return 0;
        }
        List<Scan> named = letter.wholeBatch() && letter.batchId() != null
                ? Scan.list("batchId = ?1 and status = ?2", letter.batchId(), ScanStatus.PENDING)
                : letter.scanIds().stream().map(id -> Scan.<Scan>findById(id)).filter(Objects::nonNull).toList();
        List<Scan> own = named.stream().filter(scan -> !ScanBinding.isForeign(scan, letter.sourceSha256())).toList();
        if (own.size() < named.size()) {
            foreign("dead letter", letter.batchId(), letter.origin(), named.size() - own.size());
        }
        Instant now = clock.instant();
        // Stored either way: it is the failure of whichever record it answers, found there by batch id and origin.
        ScanFailure row = new ScanFailure();
        row.key = key;
        row.batchId = letter.batchId();
        row.scanId = letter.scanIds().isEmpty() ? null : letter.scanIds().get(0);
        row.code = letter.code();
        row.reason = ContractLimits.reason(letter.reason());
        row.origin = letter.origin();
        row.cutDown = letter.cutDown();
        row.failedAt = failedAt;
        row.storedAt = now;
        row.persist();
        int changed = 0;
        for (Scan scan : own) {
            if (scan.fail(letter.code(), letter.reason(), now)) {
                changed++;
                reports.changed(scan.examId); // a scan no longer pending may complete its exam's result
            }
        }
        failed.increment(changed);
        return changed;
    }

    /**
     * Once per record, with ids and positions only: no metadata, no image. The batch id is whatever the foreign
     * record's writer chose, so it is cut short and stripped of control characters before it reaches the log.
     */
    private void foreign(String kind, String batchId, String origin, int scans) {
        foreign.increment();
        LOG.warnf("a %s of batch %s (answering %s) names %d scan(s) the gateway sent in another record: not applied"
                + " to them; whoever wrote that record reused the gateway's ids", kind, printable(batchId),
                origin == null || origin.isEmpty() ? "an unstated record" : origin, scans);
    }

    static String printable(String text) {
        if (text == null) {
            return null;
        }
        String cut = text.length() > 80 ? text.substring(0, 80) + "…" : text;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }

    /** The model's own review rule decides; only a model that states none (or an older worker) gets the threshold. */
    private ScanStatus status(Decision decision, double topProbability) {
        return switch (decision) {
            case AUTO_ACCEPT -> ScanStatus.DONE;
            case REVIEW -> ScanStatus.REVIEW;
            default -> topProbability < reviewThreshold ? ScanStatus.REVIEW : ScanStatus.DONE;
        };
    }

    private StoredPrediction toRow(PredictionBatch batch, ScanPrediction outcome, Instant predictedAt, Instant now) {
        var prediction = outcome.getPrediction();
        StoredPrediction row = new StoredPrediction();
        row.scanId = outcome.getScanId();
        row.batchId = batch.getBatchId();
        row.label = prediction.getLabel();
        row.probabilities = prediction.getProbabilitiesList().stream()
                .map(p -> new ClassScore(p.getLabel(), p.getProbability())).toList();
        // The worker's label is the argmax; its probability is the confidence a review threshold applies to.
        row.topProbability = row.probabilities.stream().mapToDouble(ClassScore::probability).max().orElse(0);
        row.status = status(prediction.getDecision(), row.topProbability);
        if (outcome.hasEvidence()) {
            var map = outcome.getEvidence();
            row.evidence = new Evidence(map.getLabel(), map.getHeight(), map.getWidth(), map.getValuesList());
        }
        row.modelName = batch.getModel().getName();
        row.modelVersion = batch.getModel().getVersion();
        row.modelSha256 = batch.getModel().getSha256();
        row.workerId = batch.getWorkerId().isEmpty() ? null : batch.getWorkerId();
        if (outcome.hasTimings()) {
            row.queuedMicros = outcome.getTimings().getQueuedMicros();
            row.inferenceMicros = outcome.getTimings().getInferenceMicros();
            row.modelBatchSize = outcome.getTimings().getModelBatchSize();
        }
        row.examId = outcome.getExamId().isEmpty() ? null : outcome.getExamId();
        row.laterality = ExamRef.eye(outcome.getLaterality());
        row.predictedAt = predictedAt;
        row.storedAt = now;
        return row;
    }
}
