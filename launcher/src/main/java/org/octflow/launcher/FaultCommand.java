package org.octflow.launcher;

import org.octflow.dataset.DatasetException;
import org.octflow.dataset.Split;
import org.octflow.testkit.FreePorts;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * `./octflow faults`: a fault campaign against the real processes of `up`. For each scenario a fresh stack streams
 * scans both straight to Kafka and through the gateway's API, the fault hits mid-stream, and the run counts what
 * was sent, what came back on the predictions topic (read_committed), what the database stored, what was lost or
 * duplicated, and the longest gap between committed predictions.
 */
@Command(name = "faults", mixinStandardHelpOptions = true,
        description = "A fault campaign against real processes: per scenario, scans sent (Kafka"
        + " and API), predicted, lost, duplicated, stored and the longest stall.")
final class FaultCommand implements Callable<Integer> {
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());
    private static final Duration FAULT_AFTER = Duration.ofSeconds(5);

    private final PrintStream out = System.out;
    @Option(names = "--scenario", defaultValue = "all", split = ",", description = "all, or any of: worker-kill,"
            + " gateway-kill, broker-outage, broker-outage-75s, blackhole, zombie, postgres-kill, database-outage,"
            + " poison-record;"
            + " with --brokers 3: broker-kill, controller-kill, two-brokers-down; none runs the stream without a fault")
    List<String> scenarioNames;
    @Option(names = "--scans", defaultValue = "2000", description = "scans per sender (Kafka and API each)")
    int perSender;
    @Option(names = "--data", description = "a MedMNIST npz (default: ../shared/data/octmnist_partial.npz)")
    Path data;
    @Option(names = "--outage-seconds", defaultValue = "240", description = "broker-outage's and blackhole's length")
    int outageSeconds;
    @Option(names = "--rate", defaultValue = "150", description = "scans per second straight to Kafka")
    double rate;
    @Option(names = "--state", description = "where each scenario's stack keeps data and logs")
    Path stateRoot;
    @Option(names = "--workers", defaultValue = "2")
    int workers;
    @Option(names = "--secure", description = "every scenario on Kafka over SASL_SSL with ACLs (see up --secure)")
    boolean secure;
    @Option(names = "--brokers", defaultValue = "1", description = "1, or 3: a replicated cluster (see up --brokers),"
            + " where all runs broker-kill, controller-kill and two-brokers-down")
    int brokers;

    @Override
    public Integer call() throws Exception {
        if (brokers != 1 && brokers != 3 || brokers > 1 && secure) {
            throw new IllegalArgumentException("--brokers must be 1 or 3, and 1 with --secure (the secured cluster is"
                    + " not built yet)");
        }
        List<FaultScenario> scenarios = scenarioNames.contains("all") ? FaultScenario.faults(brokers > 1)
                : scenarioNames.stream().map(String::trim).map(FaultScenario::parse).toList();
        for (FaultScenario scenario : scenarios) {
            if (!scenario.fits(brokers > 1)) {
                throw new IllegalArgumentException(scenario.cliName() + " needs " + (brokers > 1 ? "one broker"
                        : "a cluster: add --brokers 3"));
            }
        }
        Path home = StackArguments.home();
        Path data = this.data != null ? this.data : home.resolve("../shared/data/octmnist_partial.npz");
        Duration outage = Duration.ofSeconds(outageSeconds);
        Path state = stateRoot != null ? stateRoot : home.resolve(".octflow/faults");

        List<FaultResult> results = new ArrayList<>();
        for (FaultScenario scenario : scenarios) {
            out.println("== " + scenario.cliName() + ": " + scenario.description);
            FaultResult result = runOne(scenario, home, data, state.resolve(scenario.cliName() + "-"
                    + System.currentTimeMillis()), workers, perSender, rate, outage);
            out.println(result.line());
            out.printf("health (seconds from the fault, %s; it ended at %+.1fs):%n",
                    java.time.Instant.ofEpochMilli(result.faultAtMillis()), result.faultEndedSeconds());
            result.health().forEach(out::println);
            results.add(result);
        }
        out.println();
        out.println(FaultResult.HEADER);
        results.forEach(r -> out.println(r.line()));
        return results.stream().allMatch(FaultResult::clean) ? 0 : 1;
    }

    private FaultResult runOne(FaultScenario scenario, Path home, Path data, Path state, int workers, int perSender,
                               double rate, Duration outage) throws Exception {
        // The broker's client, controller and (secured) internal ports, or a cluster's two per node, in a row.
        int kafkaPort = FreePorts.nextBlock(Math.max(3, 2 * brokers));
        StackOptions options = new StackOptions(home, state, kafkaPort, kafkaPort + 1, FreePorts.next(),
                FreePorts.next(), workers, FreePorts.next(), home.resolve("models/octmnist-cnn"), "cpu", null,
                null, null, "127.0.0.1", secure, brokers);
        List<OutgoingScan> split = ScanSource.read(data, Split.TEST);
        LocalStack stack = LocalStack.start(options, QUIET);
        try (HealthTimeline health = new HealthTimeline(stack.healthChecks());
             PredictionCollector collector = new PredictionCollector(stack.kafkaClient());
             KafkaScanSender direct = new KafkaScanSender(stack.imagingClient(), "faults")) {
            int repeat = (perSender + split.size() - 1) / split.size();
            CompletableFuture<List<SentScan>> viaKafka = CompletableFuture.supplyAsync(() -> {
                try {
                    return direct.send(split, 1, repeat, rate, QUIET);
                } catch (Exception e) {
                    throw new IllegalStateException("sending to Kafka failed: " + e.getMessage(), e);
                }
            });
            List<OutgoingScan> viaApiScans = new ArrayList<>();
            for (int i = 0; i < perSender; i++) {
                viaApiScans.add(split.get(i % split.size()));
            }
            GatewayScanSender gateway = new GatewayScanSender(options.dashboardUrl(), StackOptions.SUBMITTER_KEY);
            CompletableFuture<List<SentScan>> viaGateway = CompletableFuture.supplyAsync(() -> {
                try {
                    return gateway.send(viaApiScans, QUIET);
                } catch (Exception e) {
                    throw new IllegalStateException("sending through the gateway failed: " + e.getMessage(), e);
                }
            });
            if (!stack.awaitWorkersAssigned(Duration.ofSeconds(60))) {
                out.println("(the workers' group had not formed within 60 s; injecting anyway)");
            }
            Thread.sleep(FAULT_AFTER.toMillis());
            long faultAt = System.currentTimeMillis();
            Optional<Duration> backInSync = scenario.inject(stack, outage);
            long faultEndedAt = System.currentTimeMillis();

            List<SentScan> sent = new ArrayList<>(viaKafka.get(15, TimeUnit.MINUTES));
            int sentViaKafka = sent.size();
            sent.addAll(viaGateway.get(15, TimeUnit.MINUTES));
            collector.awaitAll(sent, Duration.ofSeconds(120), QUIET);
            DemoReport report = DemoReport.of(sent, collector.received());
            long stored = awaitStored(stack.jdbcUrl(), sent, report.predicted() + report.failed(),
                    Duration.ofSeconds(120));
            // A killed service's fault ends when supervision has started it again; the restarted worker's own
            // first commit is its recovery (the other worker commits throughout).
            String resumingWorker = null;
            if (scenario == FaultScenario.WORKER_KILL) {
                faultEndedAt = stack.worker(1).startedAtMillis();
                resumingWorker = "local-worker-1";
            } else if (scenario == FaultScenario.GATEWAY_KILL) {
                faultEndedAt = stack.gateway().startedAtMillis();
            }
            long ended = faultEndedAt;
            double resumed = collector.firstSentFrom(ended, resumingWorker)
                    .map(r -> (r.atMillis() - ended) / 1000.0).orElse(Double.NaN);
            // Scans taken by the API reach Kafka through the gateway's outbox, which has a backoff of its own.
            double resumedApi = sent.subList(sentViaKafka, sent.size()).stream()
                    .map(s -> collector.received().get(s.scanId())).filter(java.util.Objects::nonNull)
                    .mapToLong(PredictionCollector.Received::predictedAtMillis).filter(t -> t >= ended).min()
                    .stream().mapToDouble(t -> (t - ended) / 1000.0).findFirst().orElse(Double.NaN);
            double drained = collector.received().values().stream()
                    .mapToLong(PredictionCollector.Received::predictedAtMillis).max()
                    .stream().mapToDouble(t -> (t - ended) / 1000.0).findFirst().orElse(Double.NaN);
            return new FaultResult(scenario.cliName(), sentViaKafka, sent.size() - sentViaKafka,
                    report.predicted(), report.failed(), report.duplicated(), stored,
                    sent.size() - report.predicted() - report.failed(), longestGap(collector, faultAt),
                    resumed, resumedApi, drained, stack.services().stream().mapToInt(ServiceProcess::restarts).sum(),
                    gateway.uncertain(), backInSync.map(d -> d.toMillis() / 1000.0).orElse(Double.NaN), state,
                    health.summary(faultAt), faultAt, (faultEndedAt - faultAt) / 1000.0);
        } finally {
            stack.close();
        }
    }

    /** Longest gap between committed predictions after the fault (the record timestamps of the workers' sends). */
    private static double longestGap(PredictionCollector collector, long faultAt) {
        List<Long> times = new ArrayList<>();
        collector.received().values().forEach(r -> times.add(r.predictedAtMillis()));
        Collections.sort(times);
        long gap = 0;
        for (int i = 1; i < times.size(); i++) {
            if (times.get(i) >= faultAt) {
                gap = Math.max(gap, times.get(i) - Math.max(times.get(i - 1), faultAt));
            }
        }
        return gap / 1000.0;
    }

    /** Scans of this run with a prediction row, or a failure row, in the gateway's database. */
    private static long awaitStored(String jdbcUrl, List<SentScan> sent, long expected, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long stored = -1;
        while (System.nanoTime() < deadline) {
            try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "")) {
                Array ids = c.createArrayOf("varchar", sent.stream().map(SentScan::scanId).toArray());
                try (PreparedStatement s = c.prepareStatement("SELECT (SELECT count(*) FROM prediction WHERE scan_id"
                        + " = ANY(?)) + (SELECT count(DISTINCT scan_id) FROM scan_failure WHERE scan_id = ANY(?))")) {
                    s.setArray(1, ids);
                    s.setArray(2, ids);
                    try (ResultSet rows = s.executeQuery()) {
                        rows.next();
                        stored = rows.getLong(1);
                    }
                }
            } catch (SQLException e) {
                // the database is still coming back
            }
            if (stored >= expected) {
                return stored;
            }
            Thread.sleep(1_000);
        }
        return stored;
    }

    /**
     * One scenario's counts. {@code resumedSeconds}: from the fault's end (the broker started again, the killed
     * service restarted) to the first prediction sent after it that committed (the restarted worker's own, after a
     * worker kill); {@code resumedApiSeconds}: the same for the first scan taken by the API; {@code drainedSeconds}:
     * from the fault's end to the last prediction, when the backlog the fault left was worked off.
     */
    record FaultResult(String scenario, int sentViaKafka, int sentViaGateway, int predicted, int failed,
                       int duplicated, long stored, int lost, double stallSeconds, double resumedSeconds,
                       double resumedApiSeconds, double drainedSeconds, int restarts, int uncertain, double inSyncSeconds, Path logs, List<String> health,
                       long faultAtMillis, double faultEndedSeconds) {
        static final String HEADER = String.format("%-20s %14s %10s %7s %10s %7s %10s %6s %15s %8s %9s %10s %8s",
                "scenario", "sent kafka/api", "predicted", "failed", "duplicated", "lost", "stored", "stall",
                "resumed any/api", "drained", "restarts", "uncertain", "in sync");

        String line() {
            return String.format("%-20s %14s %10d %7d %10d %7d %10d %5.1fs %15s %8s %9d %10d %8s",
                    scenario, sentViaKafka + "/" + sentViaGateway, predicted, failed, duplicated, lost, stored,
                    stallSeconds, seconds(resumedSeconds) + "/" + seconds(resumedApiSeconds),
                    seconds(drainedSeconds), restarts, uncertain, seconds(inSyncSeconds));
        }

        private static String seconds(double value) {
            return Double.isNaN(value) ? "-" : String.format("%.1fs", value);
        }

        boolean clean() {
            return lost == 0 && duplicated == 0 && stored == predicted + failed;
        }
    }

}
