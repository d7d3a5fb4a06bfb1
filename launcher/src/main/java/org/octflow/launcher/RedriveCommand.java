package org.octflow.launcher;

import java.io.PrintStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Instant;
import java.util.concurrent.Callable;

/** `./octflow redrive --code CODE`: dead letters of one code back to the scans topic, each once, after a fix. */
@Command(name = "redrive", mixinStandardHelpOptions = true,
        description = "Re-publish the dead letters of one error code to the scans topic after a"
        + " fix, each once (progress in the consumer group octflow-redrive-<CODE>).")
final class RedriveCommand implements Callable<Integer> {
    private final PrintStream out = System.out;
    @Option(names = "--code", required = true, description = "an ErrorCode, e.g. MODEL_FAILURE")
    String code;
    @Option(names = "--from", description = "ISO-8601 instant: where a first run starts (default: the beginning)")
    Instant from;
    @Option(names = "--to", description = "ISO-8601 instant: where this run stops (default: the end, now)")
    Instant to;
    @Mixin
    KafkaArguments kafka;

    @Override
    public Integer call() throws Exception {
        try (Redriver redriver = new Redriver(kafka.clientConfig(), code)) {
            Redriver.Result result = redriver.redrive(from, to);
            out.printf("redrive %s: %d dead letter(s) read, %d re-published to the scans topic, %d of other codes,"
                            + " %d whose original is gone (cut down, and deleted by retention)%n", code, result.read(),
                    result.redriven(), result.otherCodes(), result.unrecoverable());
            out.println("progress is kept in consumer group " + Redriver.group(code) + ": a second run re-publishes"
                    + " only letters that arrived since");
        }
        return 0;
    }

}
