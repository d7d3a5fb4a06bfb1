package org.octflow.trainer.report;

import org.octflow.contracts.manifest.ReviewRule;
import org.octflow.trainer.core.calibration.CalibrationChoice;
import org.octflow.trainer.core.calibration.EceNoiseFloor;
import org.octflow.trainer.core.calibration.Softmax;
import org.octflow.trainer.core.metrics.EvaluationReport;
import org.octflow.trainer.core.review.ReviewTarget;
import org.octflow.trainer.core.review.RiskCoverage;
import org.octflow.trainer.pipeline.ModelExport;
import org.octflow.trainer.pipeline.TrainedModel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * report.md beside a trained model: how its calibration and review rule were chosen on val and where they land on
 * test, with the reliability diagrams and the risk-coverage curve, and the evidence maps' parity.
 */
public final class ModelReport {
    public static final String FILE = "report.md";

    private final List<String> classes;
    private final String dataNote;

    public ModelReport(List<String> classes, String dataNote) {
        this.classes = List.copyOf(classes);
        this.dataNote = dataNote;
    }

    public void write(Path dir, String modelId, TrainedModel t, ReviewTarget target, ReviewRule rule,
                      ModelExport.Result export, String command) {
        try {
            Files.createDirectories(dir);
            float[][] valAfter = t.valProbabilities();
            float[][] testAfter = t.testProbabilities();
            ReliabilityChart.of("Reliability (val, under the deployment prior; calibration fitted here)", dataNote,
                    Softmax.rows(t.valLogits()), valAfter, t.valLabels(), t.valWeights())
                    .writePng(dir.resolve("reliability-val.png"));
            ReliabilityChart.of("Reliability (test: never used to choose)", dataNote, Softmax.rows(t.testLogits()),
                    testAfter, t.testLabels(), null).writePng(dir.resolve("reliability-test.png"));
            RiskCoverage curves = new RiskCoverage(classes);
            RiskCoverageChart.of("Auto-accepted accuracy against coverage", dataNote,
                    curves.curve(valAfter, t.valLabels(), t.valWeights()), curves.curve(testAfter, t.testLabels()), rule,
                    target.kind() == ReviewTarget.Kind.ACCEPTED_ACCURACY ? target.value() : Double.NaN)
                    .writePng(dir.resolve("risk-coverage.png"));
            Files.writeString(dir.resolve(FILE), markdown(modelId, t, rule, export, command));
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the model report into " + dir, e);
        }
    }

    String markdown(String modelId, TrainedModel t, ReviewRule rule, ModelExport.Result export, String command) {
        CalibrationChoice c = t.calibration();
        StringBuilder md = new StringBuilder();
        md.append("# Model report: ").append(modelId).append("\n\n").append(dataNote).append(". Val chose everything"
                + " below; test (").append(t.test().count()).append(" images) is reported, never used to choose.\n\n");
        md.append("## Calibration\n\nChosen: **").append(c.method()).append("** (").append(c.method().description())
                .append("), deployment prior ").append(c.prior()).append(". Each method fitted on ").append(c.folds() - 1)
                .append(" of ").append(c.folds()).append(" val folds and scored on the fold it did not see:\n\n")
                .append("| method | cross-validated log-loss | cross-validated ECE |\n|---|---|---|\n");
        for (CalibrationChoice.Candidate k : c.candidates()) {
            md.append(String.format(Locale.ROOT, "| %s%s | %.4f | %.4f |%n", k.method(),
                    k.method() == c.method() ? " (chosen)" : "", k.cvLogLoss(), k.cvEce()));
        }
        md.append("\nRule: the lowest cross-validated log-loss among the methods whose cross-validated ECE is no worse"
                + " than no calibration's; then fitted on all of val (so val \"after\" below is in-sample). Fits are"
                + " made on val's own mix and moved to the deployment prior (").append(c.prior()).append("); val"
                + " figures are scored under it (val images importance-weighted to it, as are val's review figures"
                + " below), test figures as the split is.\n\n")
                .append("| split | ECE before | ECE after | log-loss before | log-loss after | accuracy before | accuracy after |\n|---|---|---|---|---|---|---|\n")
                .append(row("val", t.valBefore(), t.val())).append(row("test", t.testBefore(), t.test()))
                .append(floors(t.valEceFloor(), t.testEceFloor()))
                .append("\n![reliability on val](reliability-val.png)\n![reliability on test](reliability-test.png)\n\n");
        md.append("## Review rule\n\nTarget: ").append(rule.target()).append(". Auto-accepted when the top calibrated"
                + " probability is at least ").append(String.format(Locale.ROOT, "%.4f", rule.minTopProbability()))
                .append("; the rest go to review.\n\n| split | images | coverage | accuracy of the auto-accepted |"
                        + " referable (CNV, DME) auto-accepted as NORMAL/DRUSEN |\n|---|---|---|---|---|\n")
                .append(point("val", rule.val())).append(point("test", rule.test()))
                .append("\n![risk-coverage](risk-coverage.png)\n\n");
        md.append("## Evidence maps\n\n");
        if (export.manifest().evidence() == null) {
            md.append("None: this model's dense head has no class activation map (train with --head GLOBAL_AVERAGE).\n\n");
        } else {
            md.append(String.format(Locale.ROOT, "Output `%s` %s: the class activation map of the served class."
                            + " Max |ONNX Runtime - DL4J| over the test images: %.2e (export refused above %.0e).%n%n",
                    export.manifest().evidence().name(), export.manifest().evidence().shape(),
                    export.evidenceMaxDifference(), ModelExport.EVIDENCE_TOLERANCE));
        }
        md.append("Reproduce: `").append(command).append("`\n");
        return md.toString();
    }

    /** What ECE means on so few images: a perfectly calibrated model's, labels drawn from its own probabilities. */
    private static String floors(EceNoiseFloor val, EceNoiseFloor test) {
        return String.format(Locale.ROOT, "%nA perfectly calibrated model would score ECE %.4f on val, scored as above"
                + " (median of %d draws of labels from the served probabilities; 90 %% below %.4f), and %.4f on test"
                + " (90 %% below %.4f): an ECE under those cannot be told from perfect calibration on these images."
                + " Reproduce from the exported model: `./octflow check-calibration --model DIR --data NPZ [--split TEST]`.%n",
                val.median(), val.draws(), val.p90(), test.median(), test.p90());
    }

    private static String row(String split, EvaluationReport before, EvaluationReport after) {
        return String.format(Locale.ROOT, "| %s | %.4f | %.4f | %.4f | %.4f | %.4f | %.4f |%n", split, before.ece(),
                after.ece(), before.logLoss(), after.logLoss(), before.accuracy(), after.accuracy());
    }

    private static String point(String split, ReviewRule.OperatingPoint p) {
        return String.format(Locale.ROOT, "| %s | %d | %.3f | %s | %.3f |%n", split, p.images(), p.coverage(),
                p.acceptedAccuracy() == null ? "-" : String.format(Locale.ROOT, "%.3f", p.acceptedAccuracy()),
                p.referableMissRate());
    }
}
