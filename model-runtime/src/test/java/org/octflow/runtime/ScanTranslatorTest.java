package org.octflow.runtime;

import org.junit.jupiter.api.Test;
import org.octflow.contracts.manifest.ModelManifest;
import org.octflow.contracts.manifest.ReviewRule;
import org.octflow.contracts.v1.ClassProbability;
import org.octflow.contracts.v1.Decision;
import org.octflow.contracts.v1.EvidenceMap;
import org.octflow.contracts.v1.ImageEncoding;
import org.octflow.contracts.v1.Prediction;
import org.octflow.preprocessing.GreyImage;
import org.octflow.preprocessing.ScanDecoder;
import org.octflow.preprocessing.ScanPreprocessor;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Both ends of a model call as the manifest states them, without ONNX Runtime. */
class ScanTranslatorTest {
    private static final List<String> CLASSES = List.of("CNV", "DME", "DRUSEN", "NORMAL");
    private static final double MEAN = 0.19;
    private static final double STD = 0.2;

    @Test
    void writesTheInputRowTheTrainersPreprocessorWritesForTheManifestsSizeAndNormalisation() throws Exception {
        ScanTranslator translator = ScanTranslator.of(manifest(32, null, null));
        ScanPreprocessor trainers = new ScanPreprocessor(new ScanDecoder(ScanPreprocessor.DEFAULT_MAX_PIXELS), 32,
                MEAN, STD);
        GreyImage bScan = image(512, 496, 1);
        byte[] raw = bScan.pixels();

        float[] fromDecoded = new float[32 * 32];
        translator.writeInputRow(bScan, fromDecoded, 0);
        float[] fromBytes = new float[32 * 32];
        translator.writeInputRow(translator.toModelSize(raw, ImageEncoding.RAW_GREY8, 512, 496), fromBytes, 0);

        float[] expected = new float[32 * 32];
        trainers.writeNormalized(trainers.toModelSize(raw, ImageEncoding.RAW_GREY8, 512, 496), expected, 0);
        assertThat(fromDecoded).containsExactly(expected);
        assertThat(fromBytes).containsExactly(expected);
    }

    @Test
    void laysInputRowsOutRowMajorOneModelSizeImagePerRow() {
        ScanTranslator translator = ScanTranslator.of(manifest(28, null, null));
        GreyImage first = image(28, 28, 2);
        GreyImage second = image(28, 28, 3);

        float[] rows = translator.inputRows(List.of(first, second));

        assertThat(rows).hasSize(2 * translator.pixels());
        assertThat(rows[translator.pixels()]).isEqualTo(((second.pixels()[0] & 0xff) / 255f - (float) MEAN)
                / (float) STD);
        assertThat(translator.fits(first)).isTrue();
        assertThat(translator.fits(image(28, 30, 4))).isFalse();
    }

    @Test
    void predictsTheLabelRankedFirstWithEveryClassesProbability() {
        ScanTranslator translator = ScanTranslator.of(manifest(28, null, null));
        float[] twoRows = {0.1f, 0.2f, 0.6f, 0.1f, 0.7f, 0.1f, 0.1f, 0.1f};

        Prediction second = translator.prediction(twoRows, 1);

        assertThat(second.getLabel()).isEqualTo("CNV");
        assertThat(second.getLabelIndex()).isZero();
        assertThat(second.getProbabilitiesList()).extracting(ClassProbability::getLabel).containsExactlyElementsOf(CLASSES);
        assertThat(second.getProbabilitiesList()).extracting(ClassProbability::getProbability)
                .containsExactly(0.7f, 0.1f, 0.1f, 0.1f);
        assertThat(translator.prediction(new float[]{0.1f, 0.4f, 0.4f, 0.1f}, 0).getLabel())
                .as("the first of equals").isEqualTo("DME");
    }

    @Test
    void autoAcceptsAtTheReviewThresholdAndSendsAnythingBelowItToReview() {
        ScanTranslator translator = ScanTranslator.of(manifest(28, new ReviewRule(0.75, "test", null, null), null));
        float below = Math.nextDown(0.75f);

        assertThat(translator.prediction(new float[]{0.75f, 0.25f, 0, 0}, 0).getDecision())
                .isEqualTo(Decision.AUTO_ACCEPT);
        assertThat(translator.prediction(new float[]{below, 1 - below, 0, 0}, 0).getDecision())
                .isEqualTo(Decision.REVIEW);
        assertThat(translator.prediction(new float[]{0.05f, 0.05f, 0, 0.9f}, 0).getDecision())
                .isEqualTo(Decision.AUTO_ACCEPT);
    }

    @Test
    void leavesTheDecisionToTheReaderWhenTheManifestStatesNoReviewRule() {
        ScanTranslator translator = ScanTranslator.of(manifest(28, null, null));

        assertThat(translator.prediction(new float[]{0.99f, 0.01f, 0, 0}, 0).getDecision())
                .isEqualTo(Decision.DECISION_UNSPECIFIED);
    }

    @Test
    void givesEachScanTheEvidenceMapOfItsRowForThePredictedLabelInTheManifestsShape() {
        ScanTranslator translator = ScanTranslator.of(manifest(28, null, List.of(-1L, 2L, 3L)));
        float[] maps = new float[2 * 6];
        for (int i = 0; i < maps.length; i++) {
            maps[i] = i;
        }
        ModelOutputs outputs = new ModelOutputs(new float[]{0.7f, 0.1f, 0.1f, 0.1f, 0.1f, 0.6f, 0.2f, 0.1f}, maps,
                translator.evidenceHeight(), translator.evidenceWidth());

        ScanTranslator.ScanOutcome second = translator.outcome(outputs, 1);

        EvidenceMap map = second.evidence();
        assertThat(translator.givesEvidence()).isTrue();
        assertThat(map.getLabel()).isEqualTo(second.prediction().getLabel()).isEqualTo("DME");
        assertThat(map.getHeight()).isEqualTo(2);
        assertThat(map.getWidth()).isEqualTo(3);
        assertThat(map.getValuesList()).containsExactly(6f, 7f, 8f, 9f, 10f, 11f);
    }

    @Test
    void givesNoEvidenceMapWhenTheModelHasNone() {
        ScanTranslator translator = ScanTranslator.of(manifest(28, null, null));

        ScanTranslator.ScanOutcome outcome = translator.outcome(ModelOutputs.probabilitiesOnly(new float[8]), 1);

        assertThat(translator.givesEvidence()).isFalse();
        assertThat(outcome.evidence()).isNull();
        assertThat(outcome.prediction().getLabel()).isEqualTo("CNV");
    }

    @Test
    void takesItsInputSideFromTheManifestAndRefusesInputsItCannotServe() {
        ModelManifest noShape = new ModelManifest("m", "1", CLASSES, null, null,
                new ModelManifest.Normalization(MEAN, STD), null, null, null, null, null, null, null, null, null);
        assertThat(ScanTranslator.of(noShape).inputSide()).isEqualTo(ScanPreprocessor.MODEL_SIDE);
        assertThat(ScanTranslator.of(manifest(64, null, null)).pixels()).isEqualTo(64 * 64);

        ModelManifest oblong = manifest(28, null, null).withInput(new ModelManifest.TensorSpec("scans",
                List.of(-1L, 1L, 28L, 32L), "float32"));
        assertThatThrownBy(() -> ScanTranslator.of(oblong)).hasMessageContaining("square grey inputs");
        ModelManifest unnormalised = new ModelManifest("m", "1", CLASSES, null, null, null, null, null, null, null,
                null, null, null, null, null);
        assertThatThrownBy(() -> ScanTranslator.of(unnormalised)).hasMessageContaining("no normalization");
    }

    private static ModelManifest manifest(int side, ReviewRule review, List<Long> evidence) {
        return new ModelManifest("m", "1", CLASSES,
                new ModelManifest.TensorSpec("scans", List.of(-1L, 1L, (long) side, (long) side), "float32"), null,
                new ModelManifest.Normalization(MEAN, STD), null, null, null, null, null, null, null, review,
                evidence == null ? null : new ModelManifest.TensorSpec("evidence", evidence, "float32"));
    }

    private static GreyImage image(int width, int height, long seed) {
        byte[] pixels = new byte[width * height];
        new Random(seed).nextBytes(pixels);
        return new GreyImage(width, height, pixels);
    }
}
