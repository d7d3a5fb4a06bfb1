package org.octflow.trainer.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import onnx.Onnx;
import org.octflow.contracts.manifest.ManifestFiles;
import org.octflow.contracts.manifest.ModelManifest;
import org.octflow.contracts.manifest.ReviewRule;
import org.octflow.trainer.core.manifest.ManifestFactory;
import org.octflow.trainer.core.manifest.RunInfo;
import org.octflow.trainer.core.calibration.Softmax;
import org.octflow.trainer.dl4j.ClassActivationMaps;
import org.octflow.trainer.dl4j.Dl4jOnnxExporter;
import org.octflow.dataset.LabeledImages;
import org.octflow.runtime.ModelRunner;
import org.octflow.runtime.ScanTranslator;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * Exports a trained model to ONNX, proves ONNX Runtime gives DL4J's calibrated probabilities on the given images
 * (within {@link #TOLERANCE}) and, for a global-average-pooling head, DL4J's class activation maps (within
 * {@link #EVIDENCE_TOLERANCE}), and only then writes model.onnx and manifest.json. Images become input rows, and the
 * class whose map is checked is chosen, by the {@link ScanTranslator} of the manifest written: as the worker serves.
 */
public final class ModelExport {
    public static final double TOLERANCE = 1e-4;
    /** The maps are sums of K activations times weights, in logit units: a looser absolute bound than probabilities. */
    public static final double EVIDENCE_TOLERANCE = 1e-3;

    private final Dl4jOnnxExporter exporter;
    private final PrintStream log;

    public ModelExport(Dl4jOnnxExporter exporter, PrintStream log) {
        this.exporter = exporter;
        this.log = log;
    }

    /** @param evidenceMaxDifference max |ONNX Runtime - DL4J| over the evidence maps; NaN when the model has none */
    public record Result(Path directory, ModelManifest manifest, double maxDifference, double evidenceMaxDifference) {
    }

    /**
     * @param checkImages the images (the test split) on which DL4J and ONNX Runtime must agree; they become input rows
     *                    through the translator of the manifest being written, as the worker will make them
     */
    public Result write(TrainedModel trained, ReviewRule review, LabeledImages checkImages, Path directory, String name,
                        List<String> classes, JsonNode metrics, JsonNode training, RunInfo run) {
        int side = trained.model().side();
        var net = trained.model().network();
        boolean evidence = ClassActivationMaps.supports(net);
        Onnx.ModelProto proto = exporter.export(net, new long[]{-1, 1, side, side},
                ManifestFactory.INPUT_NAME, ManifestFactory.OUTPUT_NAME, trained.calibration().calibration(),
                evidence ? ManifestFactory.EVIDENCE_NAME : null);
        byte[] bytes = proto.toByteArray();
        ClassActivationMaps maps = evidence ? new ClassActivationMaps(net, trained.calibration().calibration()) : null;
        long[] evidenceSize = evidence ? maps.mapSize(side) : null;
        Function<String, ModelManifest> manifestWithHash = sha256 -> ManifestFactory.create(name, classes, side,
                trained.normalization().mean(), trained.normalization().std(), trained.calibration(), review,
                evidenceSize, sha256, metrics, training, run);
        // The gate translates as the worker will serve: from the manifest this model ships with (its file hash aside).
        ScanTranslator translator = ScanTranslator.of(manifestWithHash.apply(null));
        float[] checkFeatures = translator.inputRows(IntStream.range(0, checkImages.count())
                .mapToObj(checkImages::image).toList());

        double maxDiff = maxDifference(trained, checkFeatures, bytes, translator);
        int images = checkImages.count();
        log.printf("parity: max |ONNX Runtime - DL4J| over %d test images = %.3e (limit %.0e)%n",
                images, maxDiff, TOLERANCE);
        if (!(maxDiff <= TOLERANCE)) {
            throw new ParityException(String.format("refusing to write the model: ONNX Runtime's probabilities differ"
                    + " from DL4J's by up to %.3e (limit %.0e); the exporter mistranslates a layer - run the"
                    + " exporter parity tests to find which", maxDiff, TOLERANCE));
        }
        double evidenceDiff = evidence ? evidenceDifference(maps, checkFeatures, bytes, translator) : Double.NaN;
        if (evidence) {
            log.printf("parity: evidence maps %dx%d, max |ONNX Runtime - DL4J| over %d test images = %.3e (limit %.0e)%n",
                    evidenceSize[0], evidenceSize[1], images, evidenceDiff, EVIDENCE_TOLERANCE);
            if (!(evidenceDiff <= EVIDENCE_TOLERANCE)) {
                throw new ParityException(String.format("refusing to write the model: its evidence maps differ from"
                        + " the class activation maps DL4J computes by up to %.3e (limit %.0e); the exporter's"
                        + " map output is wrong - run Dl4jOnnxExporterTest", evidenceDiff, EVIDENCE_TOLERANCE));
            }
        }
        try {
            Files.createDirectories(directory);
            Path temp = Files.createTempFile(directory, "model", ".onnx.tmp");
            Files.write(temp, bytes);
            Path model = directory.resolve(ManifestFactory.MODEL_FILE);
            Files.move(temp, model, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            // Temp files are created owner-only; the serving worker may run as another user.
            Files.setPosixFilePermissions(model, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            ModelManifest manifest = manifestWithHash.apply(ManifestFiles.sha256(model));
            ManifestFiles.write(directory, manifest);
            return new Result(directory, manifest, maxDiff, evidenceDiff);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the model into " + directory + ": " + e.getMessage(), e);
        }
    }

    private static double maxDifference(TrainedModel trained, float[] features, byte[] onnx,
                                        ScanTranslator translator) {
        float[][] logits = trained.model().logits(features);
        // The logits are read off DL4J's last hidden layer; prove they reproduce DL4J's own softmax output too.
        double logitsPath = maxDifference(Softmax.rows(logits), trained.model().probabilities(features));
        float[][] expected = trained.calibration().calibration().probabilities(logits);
        try (ModelRunner ort = new ModelRunner(onnx, 2)) {
            return Math.max(logitsPath, maxDifference(expected, ort.predict(features, translator.inputSide(),
                    translator.classCount())));
        }
    }

    /**
     * The maps of the class the served prediction names (the translator's label of ONNX Runtime's row), from the
     * graph and from DL4J's activations and weights.
     */
    private static double evidenceDifference(ClassActivationMaps maps, float[] features, byte[] onnx,
                                             ScanTranslator translator) {
        int side = translator.inputSide();
        try (ModelRunner ort = new ModelRunner(onnx, 2)) {
            float[][] probabilities = ort.predict(features, side, translator.classCount());
            int[] predicted = new int[probabilities.length];
            for (int i = 0; i < predicted.length; i++) {
                predicted[i] = translator.prediction(probabilities[i], 0).getLabelIndex();
            }
            return maxDifference(maps.of(features, side, predicted), ort.predict(features, side,
                    translator.evidenceHeight() * translator.evidenceWidth(), ManifestFactory.EVIDENCE_NAME));
        }
    }

    static double maxDifference(float[][] a, float[][] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                max = Math.max(max, Math.abs(a[i][j] - b[i][j]));
            }
        }
        return max;
    }
}
