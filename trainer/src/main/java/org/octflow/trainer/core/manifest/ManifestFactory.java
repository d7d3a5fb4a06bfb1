package org.octflow.trainer.core.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.octflow.contracts.manifest.ModelManifest;
import org.octflow.preprocessing.ScanPreprocessor;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** Assembles the manifest that travels beside model.onnx: the contract the serving worker checks. */
public final class ManifestFactory {
    public static final String INPUT_NAME = "scans";
    public static final String OUTPUT_NAME = "probabilities";
    public static final String MODEL_FILE = "model.onnx";
    private static final DateTimeFormatter VERSION = DateTimeFormatter.ofPattern("yyyy.MM.dd-HHmmss").withZone(ZoneOffset.UTC);

    private ManifestFactory() {
    }

    /**
     * @param metrics  {"val": ..., "test": ...} from {@link MetricsJson}
     * @param training provenance and config
     */
    public static ModelManifest create(String name, List<String> classes, int side, double mean, double std,
                                       double temperature, String sha256, JsonNode metrics, JsonNode training,
                                       RunInfo run) {
        return new ModelManifest(name, VERSION.format(run.trainedAt()), List.copyOf(classes),
                new ModelManifest.TensorSpec(INPUT_NAME, List.of(-1L, 1L, (long) side, (long) side), "float32"),
                new ModelManifest.TensorSpec(OUTPUT_NAME, List.of(-1L, (long) classes.size()), "float32"),
                new ModelManifest.Normalization(mean, std),
                ScanPreprocessor.DESCRIPTION, MODEL_FILE, sha256, temperature, metrics, training,
                run.trainedAt().toString());
    }

    public static ObjectNode training(String dataPath, String dataMd5, String dataDescription, int train, int val,
                                      int test, JsonNode config, RunInfo run) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        ObjectNode data = node.putObject("data");
        data.put("path", dataPath);
        data.put("md5", dataMd5);
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
