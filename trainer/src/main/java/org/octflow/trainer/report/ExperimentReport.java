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
            Map<String, List<EpochRecord>> curves = new LinkedHashMap<>();
            results.forEach(r -> curves.put(r.name(), r.history().epochs()));
            Charts.curves(dir.resolve("val-loss.png"), "Validation loss per epoch", dataNote, curves, "valLoss");
            Charts.curves(dir.resolve("train-loss.png"), "Training loss per epoch", dataNote, curves, "trainLoss");
            Charts.curves(dir.resolve("val-accuracy.png"), "Validation accuracy per epoch", dataNote, curves, "valAccuracy");
            VariantResult best = results.stream().filter(r -> r.name().equals("best")).findFirst()
                    .orElse(results.get(0));
            float[][] after = best.calibration().probabilities(best.testLogits());
            float[][] before = Softmax.rows(best.testLogits());
            String note = dataNote + "; variant '" + best.name() + "', test split";
            Charts.confusion(dir.resolve("confusion-best.png"), "Confusion matrix (test)", note, best.test().confusion(), classes);
            Charts.roc(dir.resolve("roc-best.png"), "ROC, one vs rest (test)", note, after, best.testLabels(), classes);
            Charts.reliability(dir.resolve("reliability-best.png"),
                    String.format(Locale.ROOT, "Reliability (test), %s fitted on val", best.calibration().method().description()),
                    note, before, after, best.testLabels());
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

    private static double recall(EvaluationReport r, String name) {
        return r.perClass().stream().filter(c -> c.name().equals(name)).mapToDouble(c -> c.recall()).findFirst()
                .orElse(Double.NaN);
    }
}
