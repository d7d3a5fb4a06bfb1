package org.octflow.launcher.bench;

import org.octflow.testkit.LocalKafkaBroker;
import org.octflow.worker.config.WorkerConfig;
import org.octflow.runtime.ModelLease;
import org.octflow.runtime.ModelRegistry;
import org.octflow.runtime.LoadedModel;
import org.octflow.runtime.ScanTranslator;
import org.octflow.runtime.SessionFactory;
import org.octflow.preprocessing.GreyImage;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * {@code bench}: raw ONNX Runtime images/s at batch 1, 32 and 256; end-to-end images/s through a real broker with one
 * worker; p50/p99 end-to-end latency at half that load. Every figure is the median of {@code --runs} runs.
 */
public final class Bench {
    private Bench() {
    }

    /** What one bench run measures; `./octflow worker-bench` fills it in from its options. */
    public record Settings(Path modelDir, int runs, double seconds, int threads, String device, int e2eScans,
                           int scansPerRecord, int maxBatch, int maxDelayMs, double latencySeconds, String commitMs,
                           boolean skipE2e, boolean skipRaw, boolean spinning, boolean noLatency,
                           String bootstrapServers) {
    }

    public static void run(Settings settings) throws Exception {
        Path modelDir = settings.modelDir();
        int runs = settings.runs();
        double seconds = settings.seconds();
        int threads = settings.threads();
        String device = settings.device();
        int e2eScans = settings.e2eScans();
        int scansPerRecord = settings.scansPerRecord();
        int maxBatch = settings.maxBatch();
        int maxDelayMs = settings.maxDelayMs();
        double latencySeconds = settings.latencySeconds();
        String commitMs = settings.commitMs();
        boolean skipE2e = settings.skipE2e();
        boolean skipRaw = settings.skipRaw();
        boolean spinning = settings.spinning();
        System.out.printf("model %s, device %s, %d intra-op threads, %d runs, %d cores%n", modelDir, device, threads,
                runs, Runtime.getRuntime().availableProcessors());
        Map<Integer, Double> raw = skipRaw ? Map.of(256, Double.NaN)
                : rawOrt(modelDir, device, threads, runs, seconds, spinning);
        if (skipE2e) {
            return;
        }
        Path temp = Files.createTempDirectory("octflow-bench");
        LocalKafkaBroker broker = settings.bootstrapServers() != null ? null
                : LocalKafkaBroker.start(temp.resolve("kafka"));
        String servers = broker != null ? broker.bootstrapServers() : settings.bootstrapServers();
        try {
            EndToEndLoad load = new EndToEndLoad(servers);
            List<Double> throughput = new ArrayList<>();
            for (int run = 1; run <= runs; run++) {
                WorkerConfig config = workerConfig(servers, modelDir, device, threads, maxBatch, maxDelayMs,
                        "bench-e2e-" + run, commitMs);
                double imagesPerSecond = load.throughput(config, e2eScans, scansPerRecord);
                System.out.printf("e2e run %d: %.0f images/s%n", run, imagesPerSecond);
                throughput.add(imagesPerSecond);
            }
            double e2e = median(throughput);
            double rawAtMax = raw.getOrDefault(maxBatch, raw.get(256));
            System.out.printf("END-TO-END (1 worker, %d scans/record, max batch %d, max delay %d ms): median %.0f"
                            + " images/s = %.2f x raw ORT at batch %d (%.0f images/s)%n", scansPerRecord, maxBatch,
                    maxDelayMs, e2e, e2e / rawAtMax, maxBatch, rawAtMax);
            if (settings.noLatency()) {
                return;
            }
            List<Double> p50 = new ArrayList<>();
            List<Double> p99 = new ArrayList<>();
            int latencyRuns = Math.max(1, Math.min(runs, 3));
            for (int run = 1; run <= latencyRuns; run++) {
                WorkerConfig config = workerConfig(servers, modelDir, device, threads, maxBatch, maxDelayMs,
                        "bench-latency-" + run, commitMs);
                double[] percentiles = load.latencyAt(config, e2e / 2, 8, latencySeconds);
                System.out.printf("latency run %d at %.0f images/s: p50 %.1f ms, p99 %.1f ms%n", run, e2e / 2,
                        percentiles[0], percentiles[1]);
                p50.add(percentiles[0]);
                p99.add(percentiles[1]);
            }
            System.out.printf("LATENCY at half load (%.0f images/s, 8 scans/record): median p50 %.1f ms, median p99"
                    + " %.1f ms%n", e2e / 2, median(p50), median(p99));
        } finally {
            if (broker != null) {
                broker.close();
            }
        }
    }

    static WorkerConfig workerConfig(String servers, Path modelDir, String device, int threads, int maxBatch,
                                     int maxDelayMs, String group, String commitIntervalMs) {
        return WorkerConfig.parse(new String[]{"--bootstrap-servers", servers, "--model-dir", modelDir.toString(),
                "--device", device, "--intra-op-threads", String.valueOf(threads), "--max-batch",
                String.valueOf(maxBatch), "--max-delay-ms", String.valueOf(maxDelayMs), "--group-id", group,
                "--worker-id", group, "--http-port", "0", "--max-queued-scans", String.valueOf(Math.max(2048,
                8 * maxBatch)), "--commit-interval-ms", commitIntervalMs}, Map.of());
    }

    private static Map<Integer, Double> rawOrt(Path modelDir, String device, int threads, int runs, double seconds,
                                               boolean spinning) throws Exception {
        Map<Integer, Double> medians = new HashMap<>();
        SessionFactory sessions = new SessionFactory(org.octflow.runtime.Device.parse(device), threads, spinning);
        try (ModelRegistry registry = ModelRegistry.open(modelDir, sessions);
             ModelLease lease = registry.acquire()) {
            LoadedModel model = lease.model();
            System.out.printf("model %s on %s%n", model.manifest().id(), model.provider());
            ScanTranslator translator = model.translator();
            for (int batch : new int[]{1, 32, 256}) {
                FloatBuffer input = ByteBuffer.allocateDirect(batch * translator.pixels() * Float.BYTES)
                        .order(ByteOrder.nativeOrder()).asFloatBuffer();
                input.put(translator.inputRows(scans(batch, translator.inputSide())));
                timeRuns(model, input, batch, 0.5); // warm-up
                List<Double> rates = new ArrayList<>();
                for (int run = 0; run < runs; run++) {
                    rates.add(timeRuns(model, input, batch, seconds));
                }
                medians.put(batch, median(rates));
                System.out.printf("RAW ORT batch %3d: median %.0f images/s (runs: %s)%n", batch, median(rates),
                        rates.stream().map(r -> String.format("%.0f", r)).toList());
            }
        }
        return medians;
    }

    private static double timeRuns(LoadedModel model, FloatBuffer input, int batch, double seconds) throws Exception {
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        long images = 0;
        while (System.nanoTime() < end) {
            input.position(0).limit(batch * model.pixels());
            model.run(input, batch);
            images += batch;
        }
        return images / ((System.nanoTime() - start) / 1e9);
    }

    /** Random grey scans at the model's size: the raw figure times the model on rows the worker would write. */
    private static List<GreyImage> scans(int count, int side) {
        Random random = new Random(count);
        List<GreyImage> scans = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte[] pixels = new byte[side * side];
            random.nextBytes(pixels);
            scans.add(new GreyImage(side, side, pixels));
        }
        return scans;
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

}
