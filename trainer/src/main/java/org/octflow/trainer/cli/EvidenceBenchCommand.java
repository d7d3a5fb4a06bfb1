package org.octflow.trainer.cli;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.octflow.trainer.bench.EvidenceCost;
import org.octflow.trainer.bench.TorchPeer;
import org.octflow.trainer.core.calibration.LogitCalibration;
import org.octflow.trainer.core.config.ArchitectureConfig;
import org.octflow.trainer.core.manifest.ManifestFactory;
import org.octflow.trainer.dl4j.Dl4jOnnxExporter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "bench-evidence", mixinStandardHelpOptions = true,
        description = "What the evidence map output costs the served model run: raw ONNX Runtime images/s of one"
                + " network exported with and without it (medians over alternating runs), and their ratio.")
final class EvidenceBenchCommand implements Callable<Integer> {
    @Mixin
    TrainingOptions options;
    @Option(names = "--runs", description = "timed runs per graph after a warm-up (default ${DEFAULT-VALUE})", defaultValue = "5")
    int runs;
    @Option(names = "--seconds", description = "length of one run (default ${DEFAULT-VALUE})", defaultValue = "3")
    double seconds;
    @Option(names = "--batches", split = ",", description = "model batch sizes (default ${DEFAULT-VALUE})", defaultValue = "1,8,32")
    List<Integer> batches;
    @Option(names = "--threads", description = "ONNX Runtime intra-op threads, as the worker's (default ${DEFAULT-VALUE})", defaultValue = "2")
    int threads;

    @Override
    public Integer call() {
        ArchitectureConfig requested = options.architecture();
        ArchitectureConfig architecture = ArchitectureConfig.parse(requested.convSpec(), requested.denseUnits(),
                requested.dropout(), requested.batchNorm(), ArchitectureConfig.Head.GLOBAL_AVERAGE);
        int side = 28;
        MultiLayerNetwork net = options.networks().build(architecture, side, 4, null, 1e-3, 1e-4, options.seed);
        Dl4jOnnxExporter exporter = new Dl4jOnnxExporter();
        long[] shape = {-1, 1, side, side};
        LogitCalibration none = LogitCalibration.identity(4);
        byte[] with = exporter.export(net, shape, ManifestFactory.INPUT_NAME, ManifestFactory.OUTPUT_NAME, none,
                ManifestFactory.EVIDENCE_NAME).toByteArray();
        byte[] without = exporter.export(net, shape, ManifestFactory.INPUT_NAME, ManifestFactory.OUTPUT_NAME, none)
                .toByteArray();
        System.out.printf(Locale.ROOT, "bench-evidence: architecture %s BN %s, global-average head, %d ORT thread(s),"
                        + " %d run(s) x %.1f s per graph and batch%n", architecture.convSpec(), architecture.batchNorm(),
                threads, runs, seconds);
        EvidenceCost cost = new EvidenceCost(threads);
        for (int batch : batches) {
            EvidenceCost.Result r = cost.measure(with, without, side, batch, runs, seconds);
            System.out.printf(Locale.ROOT, "batch %3d: with map median %.0f images/s %s, without %.0f %s, ratio %.3f%n",
                    batch, TorchPeer.median(r.withRates()), BenchCommand.format(r.withRates()),
                    TorchPeer.median(r.withoutRates()), BenchCommand.format(r.withoutRates()), r.ratio());
        }
        return 0;
    }
}
