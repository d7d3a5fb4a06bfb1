package org.octflow.contracts.manifest;

import java.util.List;

/**
 * How model.onnx turns the network's logits z into the probabilities it outputs: softmax(W z + b). W and b are in
 * the graph already; they are stated here so every served probability can be traced to the map that made it.
 *
 * @param method          e.g. "VECTOR"
 * @param description     the method in words, e.g. "vector scaling: softmax(w * z + b), a scale and a bias per class"
 * @param weights         W, one row per class in the manifest's class order
 * @param bias            b
 * @param deploymentPrior the class mix the probabilities are calibrated for: TRAINING (the data set's, as val holds
 *                        it) or BALANCED (every class equally likely)
 * @param chosenBy        how the method was chosen, in words
 */
public record Calibration(String method, String description, List<List<Double>> weights, List<Double> bias,
                          String deploymentPrior, String chosenBy) {
}
