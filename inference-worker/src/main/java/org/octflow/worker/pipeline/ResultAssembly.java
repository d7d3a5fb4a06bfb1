package org.octflow.worker.pipeline;

import com.google.protobuf.Timestamp;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.octflow.contracts.Headers;
import org.octflow.contracts.Topics;
import org.octflow.contracts.v1.ClassProbability;
import org.octflow.contracts.v1.ModelRef;
import org.octflow.contracts.v1.Prediction;
import org.octflow.contracts.v1.PredictionBatch;
import org.octflow.contracts.v1.ScanBatch;
import org.octflow.contracts.v1.ScanError;
import org.octflow.contracts.v1.ScanPrediction;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Pure functions from model output and consumed records to the records the worker writes. */
public final class ResultAssembly {
    private ResultAssembly() {
    }

    /** The prediction of row {@code row} of a row-major [N, classes] probability matrix. */
    public static Prediction prediction(float[] probabilities, int row, List<String> classes) {
        int base = row * classes.size();
        Prediction.Builder prediction = Prediction.newBuilder();
        int best = 0;
        for (int c = 0; c < classes.size(); c++) {
            float p = probabilities[base + c];
            prediction.addProbabilities(ClassProbability.newBuilder().setLabel(classes.get(c)).setProbability(p));
            if (p > probabilities[base + best]) {
                best = c;
            }
        }
        return prediction.setLabel(classes.get(best)).setLabelIndex(best).build();
    }

    /** The one PredictionBatch of a complete, parsed record: one ScanPrediction per scan, in the batch's order. */
    public static ProducerRecord<byte[], byte[]> predictionRecord(ConsumedRecord consumed, ModelRef fallbackModel,
                                                                  String workerId, Instant now) {
        ScanBatch batch = consumed.batch();
        PredictionBatch value = PredictionBatch.newBuilder()
                .setBatchId(batch.getBatchId())
                .setModel(consumed.model() != null ? consumed.model() : fallbackModel)
                .addAllPredictions(Arrays.asList(consumed.outcomes()))
                .setPredictedAt(Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()))
                .setWorkerId(workerId)
                .build();
        RecordHeaders headers = new RecordHeaders();
        headers.add(Headers.MESSAGE_TYPE, utf8(Headers.PREDICTION_BATCH_TYPE));
        headers.add(Headers.SCHEMA_VERSION, utf8(Headers.SCHEMA_VERSION_1));
        var trace = consumed.record().headers().lastHeader(Headers.TRACEPARENT);
        if (trace != null) {
            headers.add(Headers.TRACEPARENT, trace.value());
        }
        return new ProducerRecord<>(Topics.PREDICTIONS, null, utf8(batch.getBatchId()), value.toByteArray(), headers);
    }

    /**
     * The dead letters of a complete record: its original bytes if it was malformed, else one ScanBatch per rejected
     * scan holding just that scan.
     */
    public static List<ProducerRecord<byte[], byte[]>> deadLetters(ConsumedRecord consumed) {
        var record = consumed.record();
        String origin = record.topic() + "/" + record.partition() + "/" + record.offset();
        List<ProducerRecord<byte[], byte[]>> letters = new ArrayList<>();
        if (consumed.isMalformed()) {
            RecordHeaders headers = new RecordHeaders(record.headers().toArray());
            addReason(headers, consumed.malformation(), null, origin);
            letters.add(new ProducerRecord<>(Topics.SCANS_DEAD_LETTER, null, record.key(), record.value(), headers));
            return letters;
        }
        ScanBatch batch = consumed.batch();
        ScanPrediction[] outcomes = consumed.outcomes();
        for (int i = 0; i < outcomes.length; i++) {
            if (!outcomes[i].hasError()) {
                continue;
            }
            ScanBatch single = batch.toBuilder().clearScans().addScans(batch.getScans(i)).build();
            RecordHeaders headers = new RecordHeaders();
            headers.add(Headers.MESSAGE_TYPE, utf8(Headers.SCAN_BATCH_TYPE));
            headers.add(Headers.SCHEMA_VERSION, utf8(Headers.SCHEMA_VERSION_1));
            addReason(headers, outcomes[i].getError(), outcomes[i].getScanId(), origin);
            letters.add(new ProducerRecord<>(Topics.SCANS_DEAD_LETTER, null, record.key(), single.toByteArray(),
                    headers));
        }
        return letters;
    }

    private static void addReason(RecordHeaders headers, ScanError error, String scanId, String origin) {
        headers.remove(Headers.ERROR_CODE).remove(Headers.ERROR_REASON).remove(Headers.ERROR_SCAN_ID)
                .remove(Headers.ORIGIN);
        headers.add(Headers.ERROR_CODE, utf8(error.getCode().name()));
        headers.add(Headers.ERROR_REASON, utf8(error.getReason()));
        if (scanId != null) {
            headers.add(Headers.ERROR_SCAN_ID, utf8(scanId));
        }
        headers.add(Headers.ORIGIN, utf8(origin));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
