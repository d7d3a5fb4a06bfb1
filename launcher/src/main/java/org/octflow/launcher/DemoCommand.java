package org.octflow.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import org.octflow.contracts.manifest.ManifestFiles;
import org.octflow.contracts.manifest.ModelManifest;
import org.octflow.dataset.DatasetException;
import org.octflow.dataset.Split;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;

/** `./octflow demo`: up, stream a test split through Kafka, workers and gateway, and report what came back. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "up, then stream a test split through the whole system and report accuracy,"
        + " exactly-once counts and speed.")
final class DemoCommand implements Callable<Integer> {
    private final PrintStream out = System.out;
    @Mixin
    StackArguments stack;
    @Option(names = "--data", description = "a MedMNIST .npz (default: octmnist.npz, fetched once, md5-checked)")
    Path data;
    @Option(names = "--repeat", defaultValue = "1", description = "stream the split this many times")
    int repeat;
    @Option(names = "--rate", defaultValue = "0", description = "images per second, 0 = as fast as possible")
    double rate;
    @Option(names = "--batch-size", defaultValue = "1", description = "scans per record")
    int batchSize;
    @Option(names = "--exit", description = "stop the stack after the report instead of waiting for Ctrl-C")
    boolean exit;

    @Override
    public Integer call() throws DatasetException, IOException, InterruptedException, ExecutionException {
        Path data = this.data;
        if (data == null) {
            out.println("no --data given: fetching octmnist.npz (54 MB, once) ...");
            data = TrainerCommands.downloadOctmnist();
        }
        List<OutgoingScan> scans = ScanSource.read(data, Split.TEST);
        StackOptions options = stack.toOptions();
        ModelManifest manifest = ManifestFiles.readVerified(options.modelDir());

        LocalStack stack = LocalStack.start(options, out);
        boolean keepRunning = !exit && System.console() != null;
        try {
            DemoReport report;
            // Predicted-at comes from the workers' clock, the same machine's: everything after now is this run's.
            java.time.Instant started = java.time.Instant.now().minusSeconds(1);
            try (PredictionCollector collector = new PredictionCollector(stack.kafkaClient());
                 KafkaScanSender sender = new KafkaScanSender(stack.imagingClient(), "octflow-demo")) {
                out.printf("streaming %d test scans from %s%s%n", scans.size(), data,
                        repeat > 1 ? " x " + repeat + " = " + scans.size() * repeat : "");
                List<SentScan> sent = sender.send(scans, batchSize, repeat, rate, out);
                collector.awaitAll(sent, Duration.ofSeconds(60), out);
                report = DemoReport.of(sent, collector.received());
            }
            out.println();
            out.print(report.render());
            out.println(manifestComparison(manifest, report, repeat));
            long stored = new GatewayClient(options.dashboardUrl(), StackOptions.READER_KEY)
                    .awaitStored(started, report.predicted(), Duration.ofSeconds(60));
            boolean exactlyOnce = report.exactlyOnce() && stored == report.predicted();
            out.printf("stored in database    %d predictions (one row per scan id)%n", stored);
            out.println("exactly once          " + (exactlyOnce
                    ? "yes: every scan has one committed prediction on " + org.octflow.contracts.Topics.PREDICTIONS
                    + " and one row in the database"
                    : "NO: " + report.missing() + " missing, " + report.duplicated() + " duplicated on the topic; "
                    + stored + " of " + report.predicted() + " stored"));
            out.println("dashboard             " + options.dashboardUrl());
            if (keepRunning) {
                UpCommand.printHowToUse(out, stack);
                UpCommand.waitForCtrlC(out, stack);
            }
            return exactlyOnce ? 0 : 1;
        } finally {
            if (!keepRunning) {
                stack.close();
            }
        }
    }

    /** The served accuracy next to the one the trainer measured on the same split, from the manifest. */
    private static String manifestComparison(ModelManifest manifest, DemoReport report, int repeat) {
        JsonNode trained = manifest.metrics() == null ? null : manifest.metrics().path("test").path("accuracy");
        if (trained == null || !trained.isNumber() || report.labelled() == 0) {
            return "trained accuracy      (not in the manifest)";
        }
        double expectedRight = trained.asDouble() * report.labelled();
        return String.format("trained accuracy      %.4f in %s's manifest (test split): served %d right vs %.0f"
                        + " expected%s", trained.asDouble(), manifest.id(), report.correct(), expectedRight,
                repeat > 1 ? " over " + repeat + " repeats" : "");
    }
}
