package org.octflow.trainer.core.manifest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.octflow.trainer.core.calibration.EceNoiseFloor;
import org.octflow.trainer.core.metrics.ClassMetrics;
import org.octflow.trainer.core.metrics.EvaluationReport;

/** Evaluation figures as JSON, the shape the manifest and experiment reports share. */
public final class MetricsJson {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private MetricsJson() {
    }

    /**
     * @param before the same split's figures without calibration, for the ECE before/after pair
     * @param floor  the ECE a perfectly calibrated model would score on the same images
     */
    public static ObjectNode split(EvaluationReport calibrated, EvaluationReport before, EceNoiseFloor floor) {
        ObjectNode node = JSON.objectNode();
        node.put("images", calibrated.count());
        node.put("accuracy", round(calibrated.accuracy()));
        node.put("macroAucOvr", round(calibrated.macroAuc()));
        node.put("macroF1", round(calibrated.macroF1()));
        node.put("logLoss", round(calibrated.logLoss()));
        node.put("logLossBeforeCalibration", round(before.logLoss()));
        node.put("eceBeforeCalibration", round(before.ece()));
        node.put("eceAfterCalibration", round(calibrated.ece()));
        node.put("eceOfAPerfectlyCalibratedModel", round(floor.median()));
        ObjectNode perClass = node.putObject("perClass");
        for (ClassMetrics c : calibrated.perClass()) {
            ObjectNode cls = perClass.putObject(c.name());
            cls.put("precision", round(c.precision()));
            cls.put("recall", round(c.recall()));
            cls.put("f1", round(c.f1()));
            cls.put("aucOvr", round(c.auc()));
            cls.put("support", c.support());
        }
        ArrayNode confusion = node.putArray("confusionMatrix");
        for (int[] row : calibrated.confusion()) {
            ArrayNode r = confusion.addArray();
            for (int v : row) {
                r.add(v);
            }
        }
        node.put("confusionMatrixLayout", "rows = true class, columns = predicted class, in 'classes' order");
        return node;
    }

    static double round(double v) {
        return Double.isNaN(v) ? v : Math.round(v * 1e5) / 1e5;
    }
}
