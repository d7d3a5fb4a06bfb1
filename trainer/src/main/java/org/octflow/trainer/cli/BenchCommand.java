package org.octflow.trainer.cli;

import org.octflow.dataset.DatasetException;
import org.octflow.dataset.MedMnistNpz;
import org.octflow.trainer.bench.Dl4jThroughput;
import org.octflow.trainer.bench.TorchPeer;
import org.octflow.trainer.core.config.ArchitectureConfig;
import org.octflow.trainer.data.NpzSource;
import org.octflow.trainer.data.TrainingData;
import org.nd4j.linalg.factory.Nd4j;
import org.octflow.trainer.dl4j.accel.LayerHelpers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Training images/s of the default architecture in DL4J and in PyTorch (medians over runs), and their ratio.")
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--data", required = true, description = "a MedMNIST .npz (its train split is used)")
    Path data;
    @Mixin
    TrainingOptions options;
    @Option(names = "--runs", description = "timed runs per engine after one warm-up (default ${DEFAULT-VALUE})", defaultValue = "3")
    int runs;
    @Option(names = "--bench-epochs", description = "epochs per run (default ${DEFAULT-VALUE})", defaultValue = "1")
    int epochs;
    @Option(names = "--python", description = "interpreter with torch (default ${DEFAULT-VALUE})", defaultValue = "/usr/bin/python3")
    Path python;
    @Option(names = "--torch-script", description = "the PyTorch peer (default ${DEFAULT-VALUE})", defaultValue = "trainer/bench/torch_bench.py")
    Path script;
    @Option(names = "--skip-torch", description = "measure DL4J only")
    boolean skipTorch;

    @Override
    public Integer call() throws Exception {
        ArchitectureConfig architecture = options.architecture();
        TrainingData dataset = NpzSource.load(data, MedMnistNpz.OCT_CLASSES);
        int batch = options.batchSize;
        System.out.printf(Locale.ROOT, "bench: %s, architecture %s dense %d BN %s, batch %d, %d run(s) x %d epoch(s) of %d images%n",
                dataset.provenance().description(), architecture.convSpec(), architecture.denseUnits(),
                architecture.batchNorm(), batch, runs, epochs, dataset.train().count());
        System.out.printf(Locale.ROOT, "DL4J layers: %s; libnd4j threads %d (OMP_NUM_THREADS=%s)%n",
                options.builtinLayers ? "DL4J built-in layer code" : LayerHelpers.description(),
                Nd4j.getEnvironment().maxThreads(), System.getenv().getOrDefault("OMP_NUM_THREADS", "unset"));
        Dl4jThroughput dl4j = new Dl4jThroughput(options.networks());
        List<Double> dl4jRates = dl4j.measure(dataset.train(), architecture, batch, runs, epochs);
        double dl4jMedian = TorchPeer.median(dl4jRates);
        System.out.printf(Locale.ROOT, "DL4J    images/s: median %.0f  runs %s%n", dl4jMedian, format(dl4jRates));
        if (!skipTorch) {
            List<Double> torchRates = new TorchPeer(python, script).measure(data, architecture, batch, runs, epochs);
            double torchMedian = TorchPeer.median(torchRates);
            System.out.printf(Locale.ROOT, "PyTorch images/s: median %.0f  runs %s%n", torchMedian, format(torchRates));
            System.out.printf(Locale.ROOT, "ratio DL4J/PyTorch (medians): %.2fx (target >= 0.5x)%n", dl4jMedian / torchMedian);
        }
        return 0;
    }

    static String format(List<Double> rates) {
        return rates.stream().map(r -> String.format(Locale.ROOT, "%.0f", r)).collect(Collectors.joining(", ", "[", "]"));
    }
}
