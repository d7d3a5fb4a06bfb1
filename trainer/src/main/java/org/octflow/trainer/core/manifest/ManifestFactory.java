package org.octflow.trainer.core.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import org.octflow.contracts.manifest.Calibration;
import org.octflow.contracts.manifest.ModelManifest;
import org.octflow.contracts.manifest.ReviewRule;
import org.octflow.trainer.core.calibration.CalibrationChoice;
import org.octflow.trainer.core.calibration.LogitCalibration;
import org.octflow.preprocessing.ScanPreprocessor;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** Assembles the manifest that travels beside model.onnx: the contract the serving worker checks. */
public final class ManifestFactory {
    public static final String INPUT_NAME = "scans";
    public static final String OUTPUT_NAME = "probabilities";
    public static final String EVIDENCE_NAME = "evidence";
    public static final String MODEL_FILE = "model.onnx";
    private static final DateTimeFormatter VERSION = DateTimeFormatter.ofPattern("yyyy.MM.dd-HHmmss").withZone(ZoneOffset.UTC);

    private ManifestFactory() {
    }

    /**
     * @param evidenceSize [height, width] of the evidence map output, or null when the model has none
     * @param metrics  {"val": ..., "test": ...} from {@link MetricsJson}
     * @param training provenance and config
     */
    public static ModelManifest create(String name, List<String> classes, int side, double mean, double std,
                                       CalibrationChoice calibration, ReviewRule review, long[] evidenceSize,
                                       String sha256, JsonNode metrics, JsonNode training, RunInfo run) {
        return new ModelManifest(name, VERSION.format(run.trainedAt()), List.copyOf(classes),
                new ModelManifest.TensorSpec(INPUT_NAME, List.of(-1L, 1L, (long) side, (long) side), "float32"),
                new ModelManifest.TensorSpec(OUTPUT_NAME, List.of(-1L, (long) classes.size()), "float32"),
                new ModelManifest.Normalization(mean, std),
                ScanPreprocessor.DESCRIPTION, MODEL_FILE, sha256, calibration(calibration), metrics, training,
                run.trainedAt().toString(), review, evidenceSize == null ? null
                        : new ModelManifest.TensorSpec(EVIDENCE_NAME, List.of(-1L, evidenceSize[0], evidenceSize[1]),
                        "float32"));
    }

    static Calibration calibration(CalibrationChoice choice) {
        LogitCalibration c = choice.calibration();
        List<List<Double>> weights = new ArrayList<>();
        for (float[] row : c.weights()) {
            weights.add(doubles(row));
        }
        return new Calibration(c.method().name(), c.method().description(), weights, doubles(c.bias()),
                choice.prior().name(), "the lowest " + choice.folds() + "-fold cross-validated log-loss on val among"
                + " the methods whose cross-validated ECE is no worse than no calibration's; then fitted on all of val");
    }

    /** Every candidate's cross-validated figures on val: the evidence the method was chosen on. */
    public static ObjectNode calibrationEvidence(CalibrationChoice choice) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("chosen", choice.method().name());
        node.put("folds", choice.folds());
        ArrayNode candidates = node.putArray("candidates");
        for (CalibrationChoice.Candidate c : choice.candidates()) {
            candidates.addObject().put("method", c.method().name())
                    .put("cvLogLoss", MetricsJson.round(c.cvLogLoss())).put("cvEce", MetricsJson.round(c.cvEce()));
        }
        return node;
    }

    private static List<Double> doubles(float[] values) {
        List<Double> out = new ArrayList<>();
        for (float v : values) {
            out.add((double) v); // exactly the graph's float32 values
        }
        return out;
    }

    /**
     * @param dataSources every --data source: [{"path", "md5", "use"}], the first one's val and test scoring the model
     */
    public static ObjectNode training(JsonNode dataSources, String dataDescription, int train, int val, int test,
                                      JsonNode config, RunInfo run) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        ObjectNode data = node.putObject("data");
        // path and md5 stay the first source's, as manifests before combined data had them; sources lists them all
        data.put("path", dataSources.path(0).path("path").asText());
        data.put("md5", dataSources.path(0).path("md5").asText());
        data.set("sources", dataSources);
        data.put("description", dataDescription);
        ObjectNode counts = data.putObject("images");
        counts.put("train", train);
        counts.put("val", val);
        counts.put("test", test);
        node.set("config", config);
        node.put("command", run.command());
        node.put("gitCommit", run.gitCommit());
        node.put("trainedAt", run.trainedAt().toString());
        return node;
    }
}
