package org.octflow.trainer.report;

import org.octflow.trainer.core.metrics.EvaluationReport;
import org.octflow.trainer.core.calibration.Softmax;
import org.octflow.trainer.core.train.EpochRecord;
import org.octflow.trainer.pipeline.VariantResult;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes report.md (the comparison table, val beside test) and its PNG figures. */
public final class ExperimentReport {
    private final List<String> classes;
    private final String dataNote;

    /** @param dataNote e.g. "trained on the 1,387-image real subset", shown with every figure */
    public ExperimentReport(List<String> classes, String dataNote) {
        this.classes = List.copyOf(classes);
        this.dataNote = dataNote;
    }

    public String table(List<VariantResult> results) {
        StringBuilder md = new StringBuilder();
        md.append("| variant | test ACC | test macro AUC (OvR) | test macro F1 | recall CNV | recall DME | recall DRUSEN"
                + " | recall NORMAL | test ECE before → after | val ACC | val macro AUC | val macro F1 | epochs (best/run)"
                + " | train time |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (VariantResult r : results) {
            EvaluationReport t = r.test();
            md.append(String.format(Locale.ROOT, "| %s | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f → %.3f"
                            + " | %.3f | %.3f | %.3f | %d/%d | %.0f s |%n",
                    r.name(), t.accuracy(), t.macroAuc(), t.macroF1(), recall(t, "CNV"), recall(t, "DME"),
                    recall(t, "DRUSEN"), recall(t, "NORMAL"), r.testBefore().ece(), t.ece(), r.val().accuracy(),
                    r.val().macroAuc(), r.val().macroF1(), r.history().bestEpoch(), r.history().epochs().size(),
                    r.history().seconds()));
        }
        return md.toString();
    }

    public void write(Path dir, List<VariantResult> results, String command, String setup) {
        try {
            Files.createDirectories(dir);
            Map<String, List<EpochRecord>> curves = curves(results);
            LearningCurveChart.of("Validation loss per epoch", dataNote, curves, LearningCurveChart.Metric.VAL_LOSS)
                    .writePng(dir.resolve("val-loss.png"));
            LearningCurveChart.of("Training loss per epoch", dataNote, curves, LearningCurveChart.Metric.TRAIN_LOSS)
                    .writePng(dir.resolve("train-loss.png"));
            LearningCurveChart.of("Validation accuracy per epoch", dataNote, curves, LearningCurveChart.Metric.VAL_ACCURACY)
                    .writePng(dir.resolve("val-accuracy.png"));
            VariantResult best = results.stream().filter(r -> r.name().equals("best")).findFirst()
                    .orElse(results.get(0));
            float[][] after = best.calibration().probabilities(best.testLogits());
            float[][] before = Softmax.rows(best.testLogits());
            String note = dataNote + "; variant '" + best.name() + "', test split";
            ConfusionMatrixChart.of("Confusion matrix (test)", note, best.test().confusion(), classes)
                    .writePng(dir.resolve("confusion-best.png"));
            RocChart.of("ROC, one vs rest (test)", note, after, best.testLabels(), classes)
                    .writePng(dir.resolve("roc-best.png"));
            ReliabilityChart.of(String.format(Locale.ROOT, "Reliability (test), %s fitted on val",
                            best.calibration().method().description()), note, before, after, best.testLabels(), null)
                    .writePng(dir.resolve("reliability-best.png"));
            String md = "# Technique comparison\n\n"
                    + dataNote + ". One data set, one seed: differences of a few points are within run-to-run noise"
                    + " (the test split has only " + best.test().count() + " images).\n\n"
                    + setup + "\n\n"
                    + table(results) + "\n"
                    + "ECE: 15 equal-width confidence bins; \"after\" uses the calibration chosen and fitted on val"
                    + " (so val figures are optimistic for calibration). Recall per class is on test.\n\n"
                    + "Variants:\n\n"
                    + String.join("\n", results.stream().map(r -> "- **" + r.name() + "**: " + r.description()).toList())
                    + "\n\n## Figures (" + dataNote + ")\n\n"
                    + "![val loss](val-loss.png)\n![train loss](train-loss.png)\n![val accuracy](val-accuracy.png)\n"
                    + "![confusion](confusion-best.png)\n![ROC](roc-best.png)\n![reliability](reliability-best.png)\n\n"
                    + "Reproduce: `" + command + "`\n";
            Files.writeString(dir.resolve("report.md"), md);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the report into " + dir, e);
        }
    }

    /**
     * One line per run: a variant that reuses another's run (best = all-techniques when best is every technique)
     * shares its line, named for both, instead of a second line drawn exactly over the first.
     */
    private static Map<String, List<EpochRecord>> curves(List<VariantResult> results) {
        Map<List<EpochRecord>, String> names = new LinkedHashMap<>();
        results.forEach(r -> names.merge(r.history().epochs(), r.name(), (a, b) -> a + " = " + b));
        Map<String, List<EpochRecord>> curves = new LinkedHashMap<>();
        names.forEach((epochs, name) -> curves.put(name, epochs));
        return curves;
    }

    private static double recall(EvaluationReport r, String name) {
        return r.perClass().stream().filter(c -> c.name().equals(name)).mapToDouble(c -> c.recall()).findFirst()
                .orElse(Double.NaN);
    }
}
