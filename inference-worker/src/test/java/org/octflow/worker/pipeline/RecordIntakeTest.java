package org.octflow.worker.pipeline;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.octflow.contracts.Headers;
import org.octflow.contracts.manifest.ModelManifest;
import org.octflow.contracts.manifest.ReviewRule;
import org.octflow.contracts.v1.Decision;
import org.octflow.contracts.v1.ErrorCode;
import org.octflow.contracts.v1.EvidenceMap;
import org.octflow.contracts.v1.ImageEncoding;
import org.octflow.contracts.v1.ModelRef;
import org.octflow.contracts.v1.PredictionBatch;
import org.octflow.contracts.v1.ScanBatch;
import org.octflow.contracts.v1.Timings;
import org.octflow.runtime.ModelOutputs;
import org.octflow.worker.support.TestScans;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Intake and result assembly without Kafka or a model: the pure part of the pipeline. */
class RecordIntakeTest {
    private final RecordIntake intake = new RecordIntake(() -> 28);

    @Test
    void decodesGoodScansToModelSizeAndRejectsBadOnesWithTheirReason() {
        ScanBatch batch = TestScans.batch("b-1", TestScans.raw("a", 100, 60, 1),
                TestScans.withBytes("b", ImageEncoding.JPEG, new byte[]{1, 2, 3}), TestScans.raw("c", 28, 28, 2));

        RecordIntake.Accepted accepted = intake.accept(record(batch.toByteArray()));

        assertThat(accepted.work()).extracting(ScanWork::index).containsExactly(0, 2);
        assertThat(accepted.work()).allSatisfy(w -> assertThat(w.image().width()).isEqualTo(28));
        assertThat(accepted.work()).extracting(ScanWork::startsRecord).containsExactly(true, false);
        assertThat(accepted.record().isComplete()).isFalse();
        assertThat(accepted.record().outcomes()[1].getError().getCode()).isEqualTo(ErrorCode.UNDECODABLE_IMAGE);
        assertThat(accepted.record().outcomes()[1].getError().getReason()).startsWith("scan 1 (b) of batch b-1:");
    }

    @Test
    void marksBytesThatAreNoScanBatchAsMalformedAndDeadLettersThemUnchanged() {
        byte[] garbage = {(byte) 0xff, (byte) 0xff, 0x00};
        ConsumedRecord malformed = intake.accept(record(garbage)).record();

        assertThat(malformed.isMalformed()).isTrue();
        assertThat(malformed.isComplete()).isTrue();
        var letters = ResultAssembly.deadLetters(malformed);
        assertThat(letters).hasSize(1);
        assertThat(letters.get(0).value()).isEqualTo(garbage);
        assertThat(header(letters.get(0).headers(), Headers.ERROR_CODE)).isEqualTo("MALFORMED_MESSAGE");
        assertThat(header(letters.get(0).headers(), Headers.ORIGIN)).isEqualTo("octflow.scans.v1/2/17");
    }

    @Test
    void assemblesOnePredictionBatchPerRecordInScanOrderOnceEveryScanHasAnOutcome() throws Exception {
        ScanBatch batch = TestScans.rawBatch("b-2", 2);
        RecordIntake.Accepted accepted = intake.accept(record(batch.toByteArray()));
        ModelRef model = ModelRef.newBuilder().setName("m").setVersion("7").setSha256("ab").build();
        ModelManifest classes = manifest(null);
        float[] probabilities = {0.1f, 0.2f, 0.6f, 0.1f, 0.7f, 0.1f, 0.1f, 0.1f};

        // Out of order on purpose: the batch still lists scans in the ScanBatch's order.
        accepted.record().predict(1, ResultAssembly.prediction(probabilities, 1, classes), null, Timings.getDefaultInstance(),
                model);
        assertThat(accepted.record().isComplete()).isFalse();
        accepted.record().predict(0, ResultAssembly.prediction(probabilities, 0, classes), null, Timings.getDefaultInstance(),
                model);
        assertThat(accepted.record().isComplete()).isTrue();

        var out = ResultAssembly.predictionRecord(accepted.record(), null, "w9", Instant.EPOCH);
        PredictionBatch predictions = PredictionBatch.parseFrom(out.value());
        assertThat(new String(out.key(), StandardCharsets.UTF_8)).isEqualTo("b-2");
        assertThat(predictions.getModel()).isEqualTo(model);
        assertThat(predictions.getWorkerId()).isEqualTo("w9");
        assertThat(predictions.getPredictionsList()).extracting(p -> p.getScanId() + "=" + p.getPrediction().getLabel())
                .containsExactly("b-2/0=DRUSEN", "b-2/1=CNV");
        assertThat(ResultAssembly.deadLetters(accepted.record())).isEmpty();
    }

    @Test
    void theModelsReviewRuleDecidesEveryPredictionAndAModelWithoutOneLeavesItToTheReader() {
        float[] probabilities = {0.1f, 0.2f, 0.6f, 0.1f, 0.7f, 0.1f, 0.1f, 0.1f};
        ModelManifest withRule = manifest(new ReviewRule(0.65, "test", null, null));

        assertThat(ResultAssembly.prediction(probabilities, 0, withRule).getDecision()).isEqualTo(Decision.REVIEW);
        assertThat(ResultAssembly.prediction(probabilities, 1, withRule).getDecision()).isEqualTo(Decision.AUTO_ACCEPT);
        assertThat(ResultAssembly.prediction(probabilities, 1, manifest(null)).getDecision())
                .isEqualTo(Decision.DECISION_UNSPECIFIED);
    }

    @Test
    void aModelsEvidenceMapTravelsWithItsScanForThePredictedLabel() {
        float[] maps = new float[2 * 4];
        for (int i = 0; i < maps.length; i++) {
            maps[i] = i;
        }
        ModelOutputs outputs = new ModelOutputs(new float[8], maps, 2, 2);

        EvidenceMap second = ResultAssembly.evidence(outputs, 1, "DME");

        assertThat(second.getLabel()).isEqualTo("DME");
        assertThat(second.getHeight()).isEqualTo(2);
        assertThat(second.getWidth()).isEqualTo(2);
        assertThat(second.getValuesList()).containsExactly(4f, 5f, 6f, 7f);
        assertThat(ResultAssembly.evidence(ModelOutputs.probabilitiesOnly(new float[8]), 1, "DME")).isNull();
    }

    private static ModelManifest manifest(ReviewRule review) {
        return new ModelManifest("m", "7", List.of("CNV", "DME", "DRUSEN", "NORMAL"), null, null, null, null,
                null, null, null, null, null, null, review, null);
    }

    private static ConsumerRecord<byte[], byte[]> record(byte[] value) {
        return new ConsumerRecord<>("octflow.scans.v1", 2, 17, "k".getBytes(StandardCharsets.UTF_8), value);
    }

    private static String header(org.apache.kafka.common.header.Headers headers, String name) {
        return new String(headers.lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
