package org.octflow.worker.pipeline;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.octflow.contracts.Headers;
import org.octflow.contracts.records.DeadLetters;
import org.octflow.contracts.records.PredictionRecords;
import org.octflow.contracts.records.RecordOrigin;
import org.octflow.contracts.records.Timestamps;
import org.octflow.contracts.manifest.ModelManifest;
import org.octflow.contracts.v1.ClassProbability;
import org.octflow.contracts.v1.Decision;
import org.octflow.contracts.v1.EvidenceMap;
import org.octflow.contracts.v1.ModelRef;
import org.octflow.contracts.v1.Prediction;
import org.octflow.contracts.v1.PredictionBatch;
import org.octflow.contracts.v1.ScanBatch;
import org.octflow.contracts.v1.ScanPrediction;
import org.octflow.runtime.ModelOutputs;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Pure functions from model output and consumed records to the records the worker writes. */
public final class ResultAssembly {
    private ResultAssembly() {
    }

    /**
     * The prediction of row {@code row} of a row-major [N, classes] probability matrix, with the decision of the
     * model's review rule when its manifest states one.
     */
    public static Prediction prediction(float[] probabilities, int row, ModelManifest model) {
        List<String> classes = model.classes();
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
        if (model.review() != null) {
            prediction.setDecision(model.review().accepts(probabilities[base + best])
                    ? Decision.AUTO_ACCEPT : Decision.REVIEW);
        }
        return prediction.setLabel(classes.get(best)).setLabelIndex(best).build();
    }

    /** Scan {@code row}'s evidence map for {@code label}, or null when the model gives none. */
    public static EvidenceMap evidence(ModelOutputs outputs, int row, String label) {
        if (!outputs.hasEvidence()) {
            return null;
        }
        EvidenceMap.Builder map = EvidenceMap.newBuilder().setLabel(label).setHeight(outputs.evidenceHeight())
                .setWidth(outputs.evidenceWidth());
        for (float v : outputs.evidence(row)) {
            map.addValues(v);
        }
        return map.build();
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
                letters.add(DeadLetters.ofScan(origin, record.key(), consumed.batch(), i, outcomes[i].getError()));
            }
        }
        return letters;
    }
}
