package org.octflow.trainer.cli;

import org.octflow.trainer.core.config.ArchitectureConfig;
import org.octflow.trainer.core.config.ScheduleConfig;
import org.octflow.trainer.core.config.TrainingConfig;
import org.octflow.trainer.core.experiment.ExperimentPlan;
import org.octflow.trainer.core.train.ProgressBar;
import org.octflow.trainer.data.TrainingData;
import org.octflow.trainer.pipeline.ExperimentRunner;
import org.octflow.trainer.pipeline.ModelTraining;
import org.octflow.trainer.pipeline.VariantResult;
import org.octflow.trainer.report.ExperimentReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;

@Command(name = "experiment", mixinStandardHelpOptions = true,
        description = "Baseline, each technique alone, and the best combination on one data set and seed: report.md + PNGs.")
final class ExperimentCommand implements Callable<Integer> {
    @Mixin
    DataOptions data;
    @Mixin
    TrainingOptions options;
    @Option(names = "--report", description = "report folder (default ${DEFAULT-VALUE})", defaultValue = "trainer/reports/experiment")
    Path report;
    @Option(names = "--only", split = ",", description = "variants to train in this sitting (others are reused if saved)")
    Set<String> only = new HashSet<>();
    @Option(names = "--best-of", split = ",", description = "techniques combined into the 'best' variant, e.g. lr-cosine,early-stopping")
    List<String> bestOf = new java.util.ArrayList<>();

    @Override
    public Integer call() throws Exception {
        TrainingData dataset = data.load(options.training().seed());
        TrainingConfig best = options.training().withinImageBudget(dataset.train().count());
        // The baseline keeps the budget and optimiser of the best recipe and drops every technique.
        TrainingConfig baseline = best.withSchedule(ScheduleConfig.constant()).withEarlyStopping(0)
                .withAugmentation(org.octflow.trainer.core.config.AugmentationConfig.off()).withClassWeights(false)
                .withAccumulation(1);
        ArchitectureConfig architecture = options.architecture();
        TrainingConfig allTechniques = baseline.withSchedule(ScheduleConfig.of(ScheduleConfig.Kind.COSINE))
                .withEarlyStopping(Math.max(1, best.earlyStoppingPatience()))
                .withAugmentation(org.octflow.trainer.core.config.AugmentationConfig.standard()).withClassWeights(true);
        List<ExperimentPlan.Variant> plan = ExperimentPlan.standard(baseline, allTechniques, bestOf);
        List<VariantResult> results = new ExperimentRunner(new ModelTraining(options.networks(), new ProgressBar(System.err)),
                System.out).run(dataset, architecture, plan, report.resolve("results"), only);
        ExperimentReport writer = new ExperimentReport(dataset.classes(), dataset.provenance().description());
        System.out.println(writer.table(results));
        if (results.isEmpty()) {
            return 0;
        }
        String setup = String.format(Locale.ROOT, "Setup: architecture %s, dense %d, dropout %.2f, batch norm %s; Adam lr %.4g,"
                        + " weight decay %.0e, batch %d, at most %d epochs, seed %d; data %s (md5 %s).",
                architecture.convSpec(), architecture.denseUnits(), architecture.dropout(), architecture.batchNorm(),
                best.learningRate(), best.weightDecay(), best.batchSize(), best.epochs(), best.seed(),
                dataset.provenance().path(), dataset.provenance().md5());
        writer.write(report, results, RunInfos.current(TrainerMain.arguments).command(), setup);
        System.out.println("report: " + report.resolve("report.md"));
        return 0;
    }
}
