package org.octflow.worker.pipeline;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.octflow.contracts.Headers;
import org.octflow.contracts.records.DeadLetters;
import org.octflow.contracts.records.PredictionRecords;
import org.octflow.contracts.records.RecordOrigin;
import org.octflow.contracts.records.Timestamps;
import org.octflow.contracts.v1.ModelRef;
import org.octflow.contracts.v1.PredictionBatch;
import org.octflow.contracts.v1.ScanBatch;
import org.octflow.contracts.v1.ScanPrediction;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Pure functions from consumed records, their outcomes filled in, to the records the worker writes. */
public final class ResultAssembly {
    private ResultAssembly() {
    }

    /** The one PredictionBatch of a complete, parsed record: one ScanPrediction per scan, in the batch's order. */
    public static ProducerRecord<byte[], byte[]> predictionRecord(ConsumedRecord consumed, ModelRef fallbackModel,
                                                                  String workerId, Instant now) {
        ScanBatch batch = consumed.batch();
        PredictionBatch value = PredictionBatch.newBuilder()
                .setBatchId(batch.getBatchId())
                .setModel(consumed.model() != null ? consumed.model() : fallbackModel)
                .addAllPredictions(Arrays.asList(consumed.outcomes()))
                .setPredictedAt(Timestamps.of(now))
                .setWorkerId(workerId)
                // Binds the answer to the record it answers: a reader applies it only to that record's scans.
                .setOrigin(consumed.origin().toString())
                .setSourceSha256(consumed.sourceSha256())
                .build();
        return PredictionRecords.record(value, consumed.record().headers().lastHeader(Headers.TRACEPARENT));
    }

    /**
     * The dead letters of a complete record: its original bytes if it was malformed, else one ScanBatch per rejected
     * scan holding just that scan. Each fits in a record (the contract cuts down one that would not).
     */
    public static List<ProducerRecord<byte[], byte[]>> deadLetters(ConsumedRecord consumed) {
        var record = consumed.record();
        RecordOrigin origin = consumed.origin();
        if (consumed.isSetAside()) {
            return List.of(DeadLetters.setAside(origin, record.key(), record.value(), record.headers().toArray(),
                    consumed.malformation()));
        }
        if (consumed.isMalformed()) {
            return List.of(DeadLetters.ofRecord(origin, record.key(), record.value(), record.headers().toArray(),
                    consumed.malformation()));
        }
        List<ProducerRecord<byte[], byte[]>> letters = new ArrayList<>();
        ScanPrediction[] outcomes = consumed.outcomes();
        for (int i = 0; i < outcomes.length; i++) {
            if (outcomes[i].hasError()) {
                letters.add(DeadLetters.ofScan(origin, consumed.sourceSha256(), record.key(), consumed.batch(), i,
                        outcomes[i].getError()));
            }
        }
        return letters;
    }
}
