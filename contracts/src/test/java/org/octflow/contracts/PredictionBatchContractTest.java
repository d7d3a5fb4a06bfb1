package org.octflow.contracts;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import com.google.protobuf.UnknownFieldSet;
import org.junit.jupiter.api.Test;
import org.octflow.contracts.v1.ClassProbability;
import org.octflow.contracts.v1.ErrorCode;
import org.octflow.contracts.v1.ModelRef;
import org.octflow.contracts.v1.Prediction;
import org.octflow.contracts.v1.PredictionBatch;
import org.octflow.contracts.v1.ScanError;
import org.octflow.contracts.v1.ScanPrediction;
import org.octflow.contracts.v1.Timings;

import static org.assertj.core.api.Assertions.assertThat;

class PredictionBatchContractTest {

    private static PredictionBatch oneHitOneError() {
        return PredictionBatch.newBuilder()
                .setBatchId("b-17")
                .setModel(ModelRef.newBuilder().setName("octmnist-cnn").setVersion("2026.11.25-1")
                        .setSha256("ab".repeat(32)))
                .setPredictedAt(Timestamp.newBuilder().setSeconds(1_790_000_001L))
                .setWorkerId("worker-1")
                .addPredictions(ScanPrediction.newBuilder()
                        .setScanId("s-1")
                        .setPrediction(Prediction.newBuilder().setLabel("DME").setLabelIndex(1)
                                .addProbabilities(ClassProbability.newBuilder().setLabel("CNV").setProbability(0.1f))
                                .addProbabilities(ClassProbability.newBuilder().setLabel("DME").setProbability(0.7f))
                                .addProbabilities(ClassProbability.newBuilder().setLabel("DRUSEN").setProbability(0.15f))
                                .addProbabilities(ClassProbability.newBuilder().setLabel("NORMAL").setProbability(0.05f)))
                        .setTimings(Timings.newBuilder().setQueuedMicros(1200).setInferenceMicros(800)
                                .setModelBatchSize(32)))
                .addPredictions(ScanPrediction.newBuilder()
                        .setScanId("s-2")
                        .setError(ScanError.newBuilder().setCode(ErrorCode.UNDECODABLE_IMAGE)
                                .setReason("scan s-2: not a PNG (no PNG signature); send PNG, JPEG or RAW_GREY8")))
                .build();
    }

    @Test
    void aPredictionBatchSurvivesTheWireUnchanged() throws InvalidProtocolBufferException {
        PredictionBatch sent = oneHitOneError();

        PredictionBatch received = PredictionBatch.parseFrom(sent.toByteArray());

        assertThat(received).isEqualTo(sent);
        assertThat(received.getPredictions(0).getOutcomeCase()).isEqualTo(ScanPrediction.OutcomeCase.PREDICTION);
        assertThat(received.getPredictions(1).getOutcomeCase()).isEqualTo(ScanPrediction.OutcomeCase.ERROR);
        assertThat(received.getPredictions(1).getError().getCode()).isEqualTo(ErrorCode.UNDECODABLE_IMAGE);
    }

    @Test
    void everyPredictionNamesTheModelThatMadeIt() throws InvalidProtocolBufferException {
        PredictionBatch received = PredictionBatch.parseFrom(oneHitOneError().toByteArray());

        assertThat(received.getModel().getName()).isEqualTo("octmnist-cnn");
        assertThat(received.getModel().getVersion()).isEqualTo("2026.11.25-1");
        assertThat(received.getModel().getSha256()).hasSize(64);
    }

    @Test
    void aBatchWithAnUnknownExtraFieldStillParses() throws InvalidProtocolBufferException {
        PredictionBatch withExtra = oneHitOneError().toBuilder()
                .setUnknownFields(UnknownFieldSet.newBuilder()
                        .addField(99, UnknownFieldSet.Field.newBuilder().addVarint(12345).build())
                        .build())
                .build();

        PredictionBatch parsed = PredictionBatch.parseFrom(withExtra.toByteArray());

        assertThat(parsed.getBatchId()).isEqualTo("b-17");
        assertThat(parsed.getPredictionsCount()).isEqualTo(2);
        assertThat(parsed.getUnknownFields().hasField(99)).isTrue();
    }

    @Test
    void aPredictionMissingOptionalFieldsParsesWithDefaults() throws InvalidProtocolBufferException {
        PredictionBatch minimal = PredictionBatch.newBuilder()
                .setBatchId("b-20")
                .addPredictions(ScanPrediction.newBuilder().setScanId("s-1"))
                .build();

        PredictionBatch parsed = PredictionBatch.parseFrom(minimal.toByteArray());

        assertThat(parsed.hasModel()).isFalse();
        assertThat(parsed.getWorkerId()).isEmpty();
        assertThat(parsed.getPredictions(0).getOutcomeCase()).isEqualTo(ScanPrediction.OutcomeCase.OUTCOME_NOT_SET);
        assertThat(parsed.getPredictions(0).hasTimings()).isFalse();
    }

    @Test
    void anOlderWorkersBatchReadsWithAnEmptyOrigin() throws InvalidProtocolBufferException {
        // An older worker writes no field 6: its bytes are exactly those of a batch without an origin.
        PredictionBatch parsed = PredictionBatch.parseFrom(oneHitOneError().toByteArray());

        assertThat(parsed.getOrigin()).isEmpty();
    }

    @Test
    void theOriginOfTheAnsweredRecordSurvivesTheWire() throws InvalidProtocolBufferException {
        // Older readers skip field 6 as they skip any unknown field (aBatchWithAnUnknownExtraFieldStillParses).
        PredictionBatch sent = oneHitOneError().toBuilder().setOrigin("octflow.scans.v1/3/1742").build();

        assertThat(PredictionBatch.parseFrom(sent.toByteArray()).getOrigin()).isEqualTo("octflow.scans.v1/3/1742");
    }

    @Test
    void theDigestOfTheAnsweredRecordSurvivesTheWireAndIsEmptyFromOlderWorkers()
            throws InvalidProtocolBufferException {
        String digest = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
        PredictionBatch sent = oneHitOneError().toBuilder().setSourceSha256(digest).build();

        assertThat(PredictionBatch.parseFrom(sent.toByteArray()).getSourceSha256()).isEqualTo(digest);
        // An older worker writes no field 7.
        assertThat(PredictionBatch.parseFrom(oneHitOneError().toByteArray()).getSourceSha256()).isEmpty();
    }
}
