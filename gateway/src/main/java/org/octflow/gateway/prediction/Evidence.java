package org.octflow.gateway.prediction;

import java.util.List;

/**
 * Where in the scan the evidence for {@code label} lies, as the model mapped it: a {@code height} x {@code width}
 * grid over the model's square input (the centre-cropped scan), row-major; higher is more evidence.
 */
public record Evidence(String label, int height, int width, List<Float> values) {
}
