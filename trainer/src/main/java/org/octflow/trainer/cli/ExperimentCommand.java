package org.octflow.trainer.cli;

import org.octflow.trainer.core.config.ArchitectureConfig;
import org.octflow.trainer.core.config.TrainingConfig;
import org.octflow.trainer.core.experiment.ExperimentPlan;
import org.octflow.trainer.console.ConsoleProgress;
import org.octflow.trainer.data.TrainingData;
import org.octflow.trainer.pipeline.ExperimentRunner;
import org.octflow.trainer.pipeline.ModelTraining;
import org.octflow.trainer.pipeline.VariantResult;
import org.octflow.trainer.report.ExperimentReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    @Option(names = "--best-of", split = ",", description = "techniques combined into the 'best' variant, e.g. lr-cosine,early-stopping (default: chosen by the single runs' val AUC)")
    List<String> bestOf = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        TrainingData dataset = data.load(options.training().seed());
        TrainingConfig recipe = options.training().withinImageBudget(dataset.train().count());
        ArchitectureConfig architecture = options.architecture();
        ExperimentPlan plan = new ExperimentPlan(recipe);
        ExperimentRunner runner = new ExperimentRunner(new ModelTraining(options.networks(),
                new ConsoleProgress(System.err)), System.out);
        Path resultsDir = report.resolve("results");
        List<VariantResult> results = new ArrayList<>(runner.run(dataset, architecture, plan.singles(), resultsDir, only));
        List<ExperimentPlan.Variant> combined = new ArrayList<>();
        combined.add(plan.allTechniques());
        if (!bestOf.isEmpty()) {
            combined.add(plan.combination(bestOf, "given with --best-of"));
        } else if (results.stream().anyMatch(r -> r.name().equals("baseline"))) {
            Map<String, Double> valAuc = new LinkedHashMap<>();
            results.forEach(r -> valAuc.put(r.name(), r.val().macroAuc()));
            combined.add(plan.combination(plan.chooseBest(valAuc),
                    "each beat the baseline's val macro AUC alone; of the schedules, the best"));
        } else {
            System.out.println("best combination: skipped until the baseline has run (it is chosen against it)");
        }
        results.addAll(runner.run(dataset, architecture, combined, resultsDir, only));
        ExperimentReport writer = new ExperimentReport(dataset.classes(), dataset.provenance().description());
        System.out.println(writer.table(results));
        if (results.isEmpty()) {
            return 0;
        }
        String setup = String.format(Locale.ROOT, "Setup: architecture %s, dense %d, dropout %.2f, batch norm %s; Adam lr %.4g,"
                        + " weight decay %.0e, batch %d, at most %d epochs, seed %d; data %s.",
                architecture.convSpec(), architecture.denseUnits(), architecture.dropout(), architecture.batchNorm(),
                recipe.learningRate(), recipe.weightDecay(), recipe.batchSize(), recipe.epochs(), recipe.seed(),
                dataset.provenance().summary());
        writer.write(report, results, RunInfos.current(TrainerMain.arguments).command(), setup);
        System.out.println("report: " + report.resolve("report.md"));
        return 0;
    }
}
