package org.octflow.launcher;

import org.octflow.dataset.DatasetException;
import org.octflow.dataset.MedMnistNpz;
import org.octflow.dataset.Split;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;

/** `./octflow send PATH`: publishes scans to Kafka like an imaging system and says how to find the results. */
@Command(name = "send", mixinStandardHelpOptions = true,
        description = "Publish scans as an imaging system would: a folder (class folders optional)"
        + " or a split of an npz, straight to Kafka or through the gateway's API.")
final class SendCommand implements Callable<Integer> {
    /** Where scans go. */
    enum Via { kafka, gateway }

    private final PrintStream out = System.out;
    @Parameters(index = "0", paramLabel = "PATH", description = "a folder of PNG/JPEG scans or a MedMNIST .npz")
    Path path;
    @Option(names = "--split", defaultValue = "test", description = "train, val or test (npz only)")
    String split;
    @Option(names = "--via", defaultValue = "kafka", description = "kafka or gateway")
    Via via;
    @Mixin
    KafkaArguments kafka;
    @Option(names = "--gateway", defaultValue = "http://127.0.0.1:8080")
    String gateway;
    @Option(names = "--batch-size", defaultValue = "16", description = "scans per ScanBatch (Kafka)")
    int batchSize;
    @Option(names = "--repeat", defaultValue = "1")
    int repeat;
    @Option(names = "--rate", defaultValue = "0", description = "images per second, 0 = as fast as possible")
    double rate;
    @Option(names = "--wait", description = "print each scan's prediction and the accuracy when labels are known")
    boolean wait;
    @Option(names = "--exams-from-names", description = "group scans into exams by the patient id in OCT2017 file"
            + " names (CNV-6294785-1.jpeg: exam 6294785)")
    boolean examsFromNames;

    @Override
    public Integer call() throws DatasetException, IOException, InterruptedException, ExecutionException {
        List<OutgoingScan> scans = ScanSource.read(path, Split.valueOf(split.toUpperCase(Locale.ROOT)));
        if (examsFromNames) {
            scans = Oct2017Names.groupIntoExams(scans);
        }
        boolean viaGateway = via == Via.gateway;
        out.println("sending " + scans.size() + " scans from " + path + " to " + (viaGateway ? gateway : kafka.clientConfig().bootstrapServers()));

        PredictionCollector collector = wait ? new PredictionCollector(kafka.clientConfig()) : null;
        List<SentScan> sent;
        if (viaGateway) {
            sent = new GatewayScanSender(gateway, StackOptions.SUBMITTER_KEY).send(scans, out);
        } else {
            try (KafkaScanSender sender = new KafkaScanSender(kafka.clientConfig(), "octflow-send")) {
                sent = sender.send(scans, batchSize, repeat, rate, out);
            }
        }
        String firstBatch = sent.get(0).batchId();
        long batches = sent.stream().map(SentScan::batchId).distinct().count();
        out.println("sent " + sent.size() + " scans in " + batches + " batch(es); first batch id " + firstBatch);
        out.println("query it: curl -H 'X-API-Key: " + StackOptions.READER_KEY + "' '" + gateway
                + (viaGateway ? "/api/v1/batches/" + firstBatch : "/api/v1/predictions?batchId=" + firstBatch) + "'");
        if (collector != null) {
            try (collector) {
                collector.awaitAll(sent, Duration.ofSeconds(60), out);
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
