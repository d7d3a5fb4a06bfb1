package org.octflow.worker.pipeline;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.octflow.contracts.records.DeadLetters;
import org.octflow.contracts.records.RecordOrigin;
import org.octflow.contracts.v1.ErrorCode;
import org.octflow.contracts.v1.EvidenceMap;
import org.octflow.contracts.v1.ModelRef;
import org.octflow.contracts.v1.Prediction;
import org.octflow.contracts.v1.ScanBatch;
import org.octflow.contracts.v1.ScanError;
import org.octflow.contracts.v1.ScanPrediction;
import org.octflow.contracts.v1.Timings;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * One consumed scans record on its way to one PredictionBatch. The Kafka thread creates it; the inference thread
 * fills in the outcome of each scan; the Kafka thread emits it once every scan has one. Outcomes are written before
 * the pending count drops, so a reader that sees zero sees them all.
 */
public final class ConsumedRecord {
    private final ConsumerRecord<byte[], byte[]> record;
    private final ScanBatch batch;
    private final ScanError malformation;
    private final ScanPrediction[] outcomes;
    private final AtomicInteger pending;
    private final boolean setAside;
    private volatile ModelRef model;
    private volatile boolean discarded;
    /** Computed when first emitted; the Kafka thread's own, like emitting. */
    private String sourceSha256;

    private ConsumedRecord(ConsumerRecord<byte[], byte[]> record, ScanBatch batch, ScanError malformation,
                           boolean setAside) {
        this.record = record;
        this.batch = batch;
        this.malformation = malformation;
        this.setAside = setAside;
        int scans = batch == null ? 0 : batch.getScansCount();
        this.outcomes = new ScanPrediction[scans];
        this.pending = new AtomicInteger(scans);
    }

    static ConsumedRecord parsed(ConsumerRecord<byte[], byte[]> record, ScanBatch batch) {
        return new ConsumedRecord(record, batch, null, false);
    }

    static ConsumedRecord malformed(ConsumerRecord<byte[], byte[]> record, String reason) {
        return new ConsumedRecord(record, null,
                ScanError.newBuilder().setCode(ErrorCode.MALFORMED_MESSAGE).setReason(reason).build(), false);
    }

    /** A record whose outcome could not be committed after retries: it goes to the dead letters without its value. */
    static ConsumedRecord setAside(ConsumerRecord<byte[], byte[]> record, String reason) {
        return new ConsumedRecord(record, null,
                ScanError.newBuilder().setCode(ErrorCode.UNPROCESSABLE_RECORD).setReason(reason).build(), true);
    }

    /** Called by the inference thread with the scan's prediction and, when the model gives one, its evidence map. */
    public void predict(int index, Prediction prediction, EvidenceMap evidence, Timings timings, ModelRef by) {
        model = by;
        ScanPrediction.Builder outcome = outcomeOf(index).setPrediction(prediction).setTimings(timings);
        if (evidence != null) {
            outcome.setEvidence(evidence);
        }
        complete(index, outcome.build());
    }

    /** The scan gets no prediction; it goes to the dead-letter topic with this reason. */
    public void reject(int index, ErrorCode code, String reason, Timings timings) {
        ScanPrediction.Builder outcome = outcomeOf(index)
                .setError(ScanError.newBuilder().setCode(code).setReason(reason));
        if (timings != null) {
            outcome.setTimings(timings);
        }
        complete(index, outcome.build());
    }

    /** The outcome's identity: the scan id, and its exam and eye so that predictions alone group into exams. */
    private ScanPrediction.Builder outcomeOf(int index) {
        var scan = batch.getScans(index);
        return ScanPrediction.newBuilder().setScanId(scan.getScanId()).setExamId(scan.getExamId())
                .setLaterality(scan.getLaterality());
    }

    private void complete(int index, ScanPrediction outcome) {
        if (outcomes[index] != null) {
            throw new IllegalStateException("scan " + index + " of batch " + batch.getBatchId() + " completed twice");
        }
        outcomes[index] = outcome;
        pending.decrementAndGet();
    }

    public boolean isComplete() {
        return pending.get() == 0;
    }

    /** After an aborted transaction the record will be consumed again; late results for this copy are ignored. */
    void discard() {
        discarded = true;
    }

    public boolean isDiscarded() {
        return discarded;
    }

    /** No ScanBatch to answer: the record was malformed or set aside, and only a dead letter is written. */
    public boolean isMalformed() {
        return batch == null;
    }

    public boolean isSetAside() {
        return setAside;
    }

    public RecordOrigin origin() {
        return new RecordOrigin(record.topic(), record.partition(), record.offset());
    }

    /**
     * Hex sha256 of the record's value, stated on every outcome of it: a reader that knows the bytes it sent applies
     * an outcome only to the scans of that very record. Computed once per record, on the Kafka thread.
     */
    public String sourceSha256() {
        if (sourceSha256 == null) {
            sourceSha256 = DeadLetters.sha256(record.value());
        }
        return sourceSha256;
    }

    public ScanBatch batch() {
        return batch;
    }

    public ScanError malformation() {
        return malformation;
    }

    /** The outcomes in scan order; only meaningful once complete. */
    public ScanPrediction[] outcomes() {
        return outcomes;
    }

    /** The model that predicted the scans, or null when none was run (every scan rejected). */
    public ModelRef model() {
        return model;
    }

    public ConsumerRecord<byte[], byte[]> record() {
        return record;
    }

    public TopicPartition partition() {
        return new TopicPartition(record.topic(), record.partition());
    }

    public int scanCount() {
        return outcomes.length;
    }

    private String scanId(int index) {
        return batch.getScans(index).getScanId();
    }
}
