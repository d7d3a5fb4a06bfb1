package org.octflow.launcher;

import org.octflow.launcher.bench.Bench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** `./octflow worker-bench`: the served path's speed, raw ONNX Runtime against one worker end to end. */
@Command(name = "worker-bench", mixinStandardHelpOptions = true,
        description = "Raw ONNX Runtime images/s at batch 1, 32, 256; one worker end to end"
        + " through a real broker; latency at half that load. Medians over --runs (inference-worker README).")
final class WorkerBenchCommand implements Callable<Integer> {
    @Option(names = "--model-dir", defaultValue = "models/octmnist-cnn")
    Path modelDir;
    @Option(names = "--runs", defaultValue = "5")
    int runs;
    @Option(names = "--seconds", defaultValue = "3", description = "length of one raw run")
    double seconds;
    @Option(names = "--intra-op-threads", defaultValue = "2")
    int threads;
    @Option(names = "--device", defaultValue = "auto")
    String device;
    @Option(names = "--e2e-scans", defaultValue = "100000")
    int e2eScans;
    @Option(names = "--scans-per-record", defaultValue = "32")
    int scansPerRecord;
    @Option(names = "--max-batch", defaultValue = "256")
    int maxBatch;
    @Option(names = "--max-delay-ms", defaultValue = "5")
    int maxDelayMs;
    @Option(names = "--latency-seconds", defaultValue = "8")
    double latencySeconds;
    @Option(names = "--commit-interval-ms", defaultValue = "100")
    String commitMs;
    @Option(names = "--raw-only")
    boolean rawOnly;
    @Option(names = "--e2e-only")
    boolean e2eOnly;
    @Option(names = "--spinning", defaultValue = "false", arity = "1")
    boolean spinning;
    @Option(names = "--no-latency")
    boolean noLatency;
    @Option(names = "--bootstrap-servers", description = "an existing broker (default: one started for the bench)")
    String bootstrapServers;

    @Override
    public Integer call() throws Exception {
        Bench.run(new Bench.Settings(modelDir, runs, seconds, threads, device, e2eScans, scansPerRecord, maxBatch,
                maxDelayMs, latencySeconds, commitMs, rawOnly, e2eOnly, spinning, noLatency, bootstrapServers));
        return 0;
    }
}
