package org.octflow.gateway.prediction;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.octflow.contracts.ContractLimits;
import org.octflow.contracts.records.Timestamps;
import org.octflow.contracts.v1.Decision;
import org.octflow.contracts.v1.PredictionBatch;
import org.octflow.contracts.v1.ScanPrediction;
import org.octflow.gateway.config.GatewayConfig;
import org.octflow.gateway.scan.Scan;
import org.octflow.gateway.scan.ScanStatus;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns what workers report into rows, idempotently: a prediction is stored once per scan id, a failure once per dead
 * letter, and a scan moves out of PENDING once. Redelivered records therefore change nothing. Failures come from one
 * source, the dead-letter topic, which covers every failure (a PredictionBatch's ScanErrors repeat the same ones, and a
 * record that was no ScanBatch has no PredictionBatch at all).
 */
// Created at start so its metrics exist (as zeros) before the first request.
@Startup
@ApplicationScoped
public class PredictionStore {
    private final double reviewThreshold;
    private final Clock clock;
    private final MeterRegistry registry;
    private final Counter duplicates;
    private final Counter failed;

    public PredictionStore(GatewayConfig config, Clock clock, MeterRegistry registry) {
        this.reviewThreshold = config.review().threshold();
        this.clock = clock;
        this.registry = registry;
        this.duplicates = Counter.builder("octflow.gateway.predictions.duplicates")
                .description("Predictions ignored because the scan already had one (redeliveries)").register(registry);
        this.failed = Counter.builder("octflow.gateway.scans.failed")
                .description("Scans marked FAILED from a dead letter").register(registry);
    }

    /** Stores every outcome of one PredictionBatch; returns how many predictions were new. */
    @Transactional
    public int store(PredictionBatch batch) {
        Instant now = clock.instant();
        Instant predictedAt = batch.hasPredictedAt()
                ? Timestamps.toInstant(batch.getPredictedAt())
                : now;
        int added = 0;
        Map<List<String>, Integer> storedByStatusAndModel = new HashMap<>();
        for (ScanPrediction outcome : batch.getPredictionsList()) {
            if (!outcome.hasPrediction()) {
                continue; // a ScanError: its dead letter records it
            }
            Scan scan = Scan.findById(outcome.getScanId());
            if (StoredPrediction.findById(outcome.getScanId()) != null) {
                duplicates.increment();
                continue;
            }
            StoredPrediction row = toRow(batch, outcome, predictedAt, now);
            row.persist();
            added++;
            storedByStatusAndModel.merge(List.of(row.status.name(), row.modelVersion), 1, Integer::sum);
            if (scan != null) {
                scan.complete(row.status, now);
            }
        }
        storedByStatusAndModel.forEach((key, count) -> stored(key.get(0), key.get(1)).increment(count));
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
        Instant now = clock.instant();
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
        List<String> scanIds = letter.wholeBatch() && letter.batchId() != null
                ? Scan.<Scan>list("batchId = ?1 and status = ?2", letter.batchId(), ScanStatus.PENDING).stream()
                        .map(scan -> scan.id).toList()
                : letter.scanIds();
        int changed = 0;
        for (String scanId : scanIds) {
            Scan scan = Scan.findById(scanId);
            if (scan != null && scan.fail(letter.code(), letter.reason(), now)) {
                changed++;
            }
        }
        failed.increment(changed);
        return changed;
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
        row.predictedAt = predictedAt;
        row.storedAt = now;
        return row;
    }
}
