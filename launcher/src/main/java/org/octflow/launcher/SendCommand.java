package org.octflow.launcher;

import org.octflow.dataset.DatasetException;
import org.octflow.dataset.MedMnistNpz;
import org.octflow.dataset.Split;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutionException;

/** `./octflow send PATH`: publishes scans to Kafka like an imaging system and says how to find the results. */
final class SendCommand {
    private final PrintStream out;

    SendCommand(PrintStream out) {
        this.out = out;
    }

    int run(List<String> argv) throws DatasetException, IOException, InterruptedException, ExecutionException {
        Arguments args = new Arguments(argv, Set.of("split", "bootstrap-servers", "batch-size", "repeat", "rate",
                "gateway", "via"), Set.of("wait"));
        if (args.positional().size() != 1) {
            throw new Arguments.UsageException("send needs one PATH: a folder of scans or a MedMNIST .npz");
        }
        Path path = Path.of(args.positional().get(0));
        Split split = Split.valueOf(args.get("split", "test").toUpperCase(Locale.ROOT));
        List<OutgoingScan> scans = ScanSource.read(path, split);
        String bootstrap = args.get("bootstrap-servers", "127.0.0.1:9092");
        String gateway = args.get("gateway", "http://127.0.0.1:8080");
        boolean viaGateway = switch (args.get("via", "kafka")) {
            case "kafka" -> false;
            case "gateway" -> true;
            default -> throw new Arguments.UsageException("--via must be kafka or gateway");
        };
        out.println("sending " + scans.size() + " scans from " + path + " to " + (viaGateway ? gateway : bootstrap));

        PredictionCollector collector = args.has("wait") ? new PredictionCollector(bootstrap) : null;
        List<SentScan> sent;
        if (viaGateway) {
            sent = new GatewayScanSender(gateway, StackOptions.SUBMITTER_KEY).send(scans, out);
        } else {
            try (KafkaScanSender sender = new KafkaScanSender(bootstrap, "octflow-send")) {
                sent = sender.send(scans, args.getInt("batch-size", 16), args.getInt("repeat", 1),
                        args.getDouble("rate", 0), out);
            }
        }
        String firstBatch = sent.get(0).batchId();
        long batches = sent.stream().map(SentScan::batchId).distinct().count();
        out.println("sent " + sent.size() + " scans in " + batches + " batch(es); first batch id " + firstBatch);
        out.println("query it: curl -H 'X-API-Key: " + StackOptions.READER_KEY + "' '" + gateway
                + (viaGateway ? "/api/v1/batches/" + firstBatch : "/api/v1/predictions?batchId=" + firstBatch) + "'");
        if (collector != null) {
            try (collector) {
                collector.awaitAll(sent, Duration.ofSeconds(60), new ProgressBar(out, "predictions", sent.size()));
                printPerScan(sent, collector);
                out.print(DemoReport.of(sent, collector.received()).render());
            }
        }
        return 0;
    }

    private void printPerScan(List<SentScan> sent, PredictionCollector collector) {
        for (SentScan scan : sent) {
            PredictionCollector.Received answer = collector.received().get(scan.scanId());
            String outcome = answer == null ? "no answer"
                    : answer.prediction().hasPrediction()
                    ? answer.prediction().getPrediction().getLabel() + String.format(" (%.2f)",
                    answer.prediction().getPrediction().getProbabilities(
                            answer.prediction().getPrediction().getLabelIndex()).getProbability())
                    : "error " + answer.prediction().getError().getCode() + ": " + answer.prediction().getError().getReason();
            String truth = scan.trueLabel() >= 0 ? MedMnistNpz.OCT_CLASSES.get(scan.trueLabel()) : "?";
            out.printf("%-40s true %-7s predicted %s%n", scan.name(), truth, outcome);
        }
    }
}
