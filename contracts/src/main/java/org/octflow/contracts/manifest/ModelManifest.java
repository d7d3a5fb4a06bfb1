package org.octflow.contracts.manifest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * What travels beside {@code model.onnx} in a model directory: what the trainer promises and the worker checks.
 *
 * @param name           model family, e.g. "octmnist-cnn"
 * @param version        this model's version, e.g. "2026.11.25-1"
 * @param classes        class labels in output order, e.g. CNV, DME, DRUSEN, NORMAL
 * @param input          the ONNX input tensor
 * @param output         the ONNX output tensor (calibrated probabilities)
 * @param normalization  applied to pixel/255 before the model: (x - mean) / std
 * @param preprocessing  how any image becomes the input, in words and as the shared code's name
 * @param modelFile      file name of the ONNX model, relative to the manifest
 * @param sha256         hex sha256 of modelFile; the worker refuses a model that does not match
 * @param calibration    the calibration folded into the graph; absent in manifests written before it was stated
 * @param metrics        evaluation figures, e.g. {"test": {...}, "val": {...}}
 * @param training       provenance: data path, md5 and counts, config, command, git commit
 * @param trainedAt      ISO-8601 instant
 * @param review         when a prediction goes to review; absent: the gateway's configured threshold decides
 * @param evidence       the optional second output: per scan, a map [H, W] of where the evidence for the class
 *                       ranked first lies (its class activation map); absent: the model gives none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelManifest(
        String name,
        String version,
        List<String> classes,
        TensorSpec input,
        TensorSpec output,
        Normalization normalization,
        String preprocessing,
        String modelFile,
        String sha256,
        Calibration calibration,
        JsonNode metrics,
        JsonNode training,
        String trainedAt,
        ReviewRule review,
        TensorSpec evidence) {

    /** @param shape with -1 for the dynamic batch dimension */
    public record TensorSpec(String name, List<Long> shape, String dtype) {
    }

    public record Normalization(double mean, double std) {
    }

    public ModelManifest withVersion(String value) {
        return new ModelManifest(name, value, classes, input, output, normalization, preprocessing, modelFile, sha256,
                calibration, metrics, training, trainedAt, review, evidence);
    }

    public ModelManifest withInput(TensorSpec value) {
        return new ModelManifest(name, version, classes, value, output, normalization, preprocessing, modelFile, sha256,
                calibration, metrics, training, trainedAt, review, evidence);
    }

    public ModelManifest withReview(ReviewRule value) {
        return new ModelManifest(name, version, classes, input, output, normalization, preprocessing, modelFile, sha256,
                calibration, metrics, training, trainedAt, value, evidence);
    }

    /** "name:version", the form used in logs and metrics. */
    public String id() {
        return name + ":" + version;
    }
}
