package org.octflow.monitoring;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.octflow.contracts.manifest.ManifestFiles;
import org.octflow.contracts.manifest.ModelManifest;
import org.octflow.dataset.LabeledImages;
import org.octflow.dataset.MedMnistNpz;
import org.octflow.dataset.Split;
import org.octflow.preprocessing.GreyImage;
import org.octflow.runtime.ModelRunner;
import org.octflow.runtime.ScanTranslator;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The committed default model's served probabilities on the real validation scans of ../shared/data: the estimate's
 * interval covers the real accuracy of windows drawn from val at about its level, and the drift test stays quiet on
 * held-out val windows and catches noisy ones. A small version of `./octflow check-monitoring`, which measures it all.
 */
class ValidationEstimateAndDriftTest {
    static final Path SHARED_DATA = Path.of(System.getProperty("octflow.shared.data", "../../shared/data"));
    static final Path MODEL = Path.of(System.getProperty("octflow.model-dir", "../models/octmnist-cnn"));

    static ModelManifest manifest;
    static List<GreyImage> images;
    static int[] labels;
    static float[][] probabilities;

    @BeforeAll
    static void scoreValidation() throws Exception {
        Path npz = SHARED_DATA.resolve("octmnist_partial.npz");
        if (!Files.exists(npz)) {
            return;
        }
        manifest = ManifestFiles.readVerified(MODEL);
        LabeledImages val = MedMnistNpz.loadSplit(npz, Split.VAL, manifest.classes().size());
        images = new ArrayList<>();
        for (int i = 0; i < val.count(); i++) {
            images.add(val.image(i));
        }
        labels = val.labels();
        probabilities = score(images);
    }

    @BeforeEach
    void needsTheRealData() {
        Assumptions.assumeTrue(probabilities != null, "skipped: real OCT data not found at "
                + SHARED_DATA.toAbsolutePath() + " (set -Doctflow.shared.data=<dir> to run it)");
    }

    static float[][] score(List<GreyImage> scans) throws Exception {
        ScanTranslator translator = ScanTranslator.of(manifest);
        try (ModelRunner runner = new ModelRunner(Files.readAllBytes(MODEL.resolve(manifest.modelFile())), 2)) {
            return runner.predict(translator.inputRows(scans), translator.inputSide(), translator.classCount(),
                    manifest.output().name());
        }
    }

    @Test
    void theIntervalCoversTheRealAccuracyOfBalancedValWindowsAtAboutItsLevel() {
        // Balanced: the class mix the default model is calibrated for (its manifest's BALANCED deployment prior).
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < manifest.classes().size(); c++) {
            byClass.add(new ArrayList<>());
        }
        for (int i = 0; i < labels.length; i++) {
            byClass.get(labels[i]).add(i);
        }
        AccuracyEstimator estimator = new AccuracyEstimator(manifest.classes(), 0.95, 0);
        Random random = new Random(42);
        int windows = 200;
        int covered = 0;
        for (int w = 0; w < windows; w++) {
            List<ScoredScan> window = new ArrayList<>();
            int right = 0;
            for (List<Integer> members : byClass) {
                Collections.shuffle(members, random);
                for (int i : members.subList(0, 25)) {
                    ScoredScan scan = new ScoredScan(probabilities[i], false);
                    window.add(scan);
                    right += scan.predicted() == labels[i] ? 1 : 0;
                }
            }
            covered += estimator.estimate(window).accuracyInterval().contains(right / 100.0) ? 1 : 0;
        }

        // Measured 0.97 on 300 windows (check-monitoring); 200 windows put +-0.015 of noise around it.
        assertThat((double) covered / windows).isBetween(0.91, 1.0);
    }

    @Test
    void heldOutValWindowsRarelyDriftAndNoisyOnesDo() throws Exception {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(42));
        List<Integer> referenceHalf = order.subList(0, images.size() / 2);
        List<Integer> heldOut = order.subList(images.size() / 2, images.size());
        List<WindowScan> reference = new ArrayList<>();
        referenceHalf.forEach(i -> reference.add(WindowScan.of(images.get(i), probabilities[i])));
        DriftDetector detector = new DriftDetector(ReferenceProfile.build(manifest.id(), manifest.classes(),
                "half of val", reference), 0.05);
        List<WindowScan> clean = new ArrayList<>();
        heldOut.forEach(i -> clean.add(WindowScan.of(images.get(i), probabilities[i])));
        List<GreyImage> noisyImages = new ArrayList<>();
        Random noise = new Random(7);
        heldOut.forEach(i -> noisyImages.add(withNoise(images.get(i), 10, noise)));
        float[][] noisyProbabilities = score(noisyImages);
        List<WindowScan> noisy = new ArrayList<>();
        for (int i = 0; i < noisyImages.size(); i++) {
            noisy.add(WindowScan.of(noisyImages.get(i), noisyProbabilities[i]));
        }

        Random random = new Random(1);
        int windows = 100;
        int falseAlarms = 0;
        int caught = 0;
        for (int w = 0; w < windows; w++) {
            Collections.shuffle(clean, random);
            Collections.shuffle(noisy, random);
            falseAlarms += detector.test(clean.subList(0, 50)).drifted() ? 1 : 0;
            caught += detector.test(noisy.subList(0, 50)).drifted() ? 1 : 0;
        }

        assertThat((double) falseAlarms / windows).as("false alarms, stated 0.05").isLessThanOrEqualTo(0.08);
        assertThat((double) caught / windows).as("noise sd 10 caught").isGreaterThanOrEqualTo(0.95);
    }

    private static GreyImage withNoise(GreyImage image, double sd, Random random) {
        byte[] out = new byte[image.pixels().length];
        for (int i = 0; i < out.length; i++) {
            long v = Math.round((image.pixels()[i] & 0xff) + sd * random.nextGaussian());
            out[i] = (byte) Math.max(0, Math.min(255, v));
        }
        return new GreyImage(image.width(), image.height(), out);
    }
}
