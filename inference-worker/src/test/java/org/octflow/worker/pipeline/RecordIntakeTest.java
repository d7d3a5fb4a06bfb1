package org.octflow.worker.pipeline;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.octflow.contracts.Headers;
import org.octflow.contracts.manifest.ModelManifest;
import org.octflow.contracts.records.DeadLetters;
import org.octflow.contracts.v1.ErrorCode;
import org.octflow.contracts.v1.ImageEncoding;
import org.octflow.contracts.v1.Laterality;
import org.octflow.contracts.v1.ModelRef;
import org.octflow.contracts.v1.PredictionBatch;
import org.octflow.contracts.v1.ScanBatch;
import org.octflow.contracts.v1.Timings;
import org.octflow.runtime.ScanTranslator;
import org.octflow.worker.support.TestScans;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Intake and result assembly without Kafka or a model: the pure part of the pipeline. How an output row becomes a
 * prediction (review decision, evidence map) is specified by model-runtime's ScanTranslatorTest.
 */
class RecordIntakeTest {
    private final ScanTranslator translator = ScanTranslator.of(manifest(28));
    private final RecordIntake intake = new RecordIntake(() -> translator);

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
        assertThat(header(letters.get(0).headers(), Headers.SOURCE_SHA256)).isEqualTo(DeadLetters.sha256(garbage));
    }

    @Test
    void assemblesOnePredictionBatchPerRecordInScanOrderOnceEveryScanHasAnOutcome() throws Exception {
        ScanBatch batch = TestScans.rawBatch("b-2", 2);
        RecordIntake.Accepted accepted = intake.accept(record(batch.toByteArray()));
        ModelRef model = ModelRef.newBuilder().setName("m").setVersion("7").setSha256("ab").build();
        float[] probabilities = {0.1f, 0.2f, 0.6f, 0.1f, 0.7f, 0.1f, 0.1f, 0.1f};

        // Out of order on purpose: the batch still lists scans in the ScanBatch's order.
        accepted.record().predict(1, translator.prediction(probabilities, 1), null, Timings.getDefaultInstance(),
                model);
        assertThat(accepted.record().isComplete()).isFalse();
        accepted.record().predict(0, translator.prediction(probabilities, 0), null, Timings.getDefaultInstance(),
                model);
        assertThat(accepted.record().isComplete()).isTrue();

        var out = ResultAssembly.predictionRecord(accepted.record(), null, "w9", Instant.EPOCH);
        PredictionBatch predictions = PredictionBatch.parseFrom(out.value());
        assertThat(new String(out.key(), StandardCharsets.UTF_8)).isEqualTo("b-2");
        assertThat(predictions.getModel()).isEqualTo(model);
        assertThat(predictions.getWorkerId()).isEqualTo("w9");
        assertThat(predictions.getOrigin()).as("the record it answers").isEqualTo("octflow.scans.v1/2/17");
        assertThat(predictions.getSourceSha256()).as("the bytes it answers")
                .isEqualTo(DeadLetters.sha256(batch.toByteArray()));
        assertThat(predictions.getPredictionsList()).extracting(p -> p.getScanId() + "=" + p.getPrediction().getLabel())
                .containsExactly("b-2/0=DRUSEN", "b-2/1=CNV");
        assertThat(ResultAssembly.deadLetters(accepted.record())).isEmpty();
    }

    @Test
    void aRejectedScansLetterNamesTheDigestOfTheWholeRecordItCameIn() {
        ScanBatch batch = TestScans.batch("b-5", TestScans.withBytes("b", ImageEncoding.JPEG, new byte[]{1, 2, 3}),
                TestScans.withBytes("c", ImageEncoding.JPEG, new byte[]{4, 5}));
        ConsumedRecord rejected = intake.accept(record(batch.toByteArray())).record();

        var letters = ResultAssembly.deadLetters(rejected);

        assertThat(letters).hasSize(2).allSatisfy(letter -> assertThat(header(letter.headers(), Headers.SOURCE_SHA256))
                .isEqualTo(DeadLetters.sha256(batch.toByteArray())));
    }

    @Test
    void everyOutcomeRepeatsItsScansExamAndEye() {
        ScanBatch raw = TestScans.rawBatch("b-6", 2);
        ScanBatch batch = raw.toBuilder()
                .setScans(0, raw.getScans(0).toBuilder().setExamId("1.2.840.99.1").setLaterality(Laterality.LEFT))
                .setScans(1, raw.getScans(1).toBuilder().setExamId("1.2.840.99.1").setLaterality(Laterality.RIGHT))
                .build();
        ConsumedRecord consumed = intake.accept(record(batch.toByteArray())).record();

        consumed.predict(0, translator.prediction(new float[]{0.7f, 0.1f, 0.1f, 0.1f}, 0), null,
                Timings.getDefaultInstance(), ModelRef.getDefaultInstance());
        consumed.reject(1, ErrorCode.UNDECODABLE_IMAGE, "test", null);

        assertThat(consumed.outcomes()).extracting(p -> p.getExamId() + "/" + p.getLaterality())
                .containsExactly("1.2.840.99.1/LEFT", "1.2.840.99.1/RIGHT");
    }

    @Test
    void bringsScansToTheSizeOfTheModelServedAtIntake() {
        RecordIntake forALargerModel = new RecordIntake(() -> ScanTranslator.of(manifest(64)));

        RecordIntake.Accepted accepted = forALargerModel.accept(record(TestScans.rawBatch("b-3", 1).toByteArray()));

        assertThat(accepted.work()).singleElement().satisfies(w -> assertThat(w.image().width()).isEqualTo(64));
    }

    @Test
    void aScanTakenInBeforeASwapToAnotherInputSizeIsDecodedAgainFromItsRecordNotResizedTwice() throws Exception {
        ScanBatch batch = TestScans.batch("b-4", TestScans.raw("a", 100, 60, 4));
        ScanWork work = intake.accept(record(batch.toByteArray())).work().get(0);
        ScanTranslator swappedIn = ScanTranslator.of(manifest(64));

        var image = work.imageFor(swappedIn);

        var scan = batch.getScans(0);
        assertThat(image.pixels()).isEqualTo(swappedIn.toModelSize(scan.getImage().toByteArray(), scan.getEncoding(),
                scan.getWidth(), scan.getHeight()).pixels());
        assertThat(work.imageFor(translator)).isSameAs(work.image());
    }

    private static ModelManifest manifest(int side) {
        return new ModelManifest("m", "7", List.of("CNV", "DME", "DRUSEN", "NORMAL"),
                new ModelManifest.TensorSpec("scans", List.of(-1L, 1L, (long) side, (long) side), "float32"), null,
                new ModelManifest.Normalization(0.2, 0.2), null, null, null, null, null, null, null, null, null);
    }

    private static ConsumerRecord<byte[], byte[]> record(byte[] value) {
        return new ConsumerRecord<>("octflow.scans.v1", 2, 17, "k".getBytes(StandardCharsets.UTF_8), value);
    }

    private static String header(org.apache.kafka.common.header.Headers headers, String name) {
        return new String(headers.lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
