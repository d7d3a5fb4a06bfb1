package org.octflow.launcher;

import org.octflow.dataset.DatasetException;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/** `./octflow up | send | demo`: the local stack and an imaging-system client. `train` etc. are the trainer's CLI. */
public final class OctflowCommand {
    private static final String USAGE = """
            usage: ./octflow <command> [options]
              up      start Kafka, PostgreSQL, the gateway and workers locally; Ctrl-C stops them
                      [--workers N] [--state DIR] [--gateway-port P] [--kafka-port P] [--postgres-port P]
                      [--worker-port FIRST_P] [--device auto|cuda|cpu] [--bind 127.0.0.1|0.0.0.0]
                      [--model DIR] [--db-url JDBC --db-user U --db-password P]
              send    publish scans as an imaging system would: a folder (class folders optional) or an npz split
                      <PATH> [--split test] [--via kafka|gateway] [--bootstrap-servers HOST:PORT]
                      [--gateway URL] [--batch-size N] [--repeat N] [--rate IMAGES_PER_S] [--wait]
              demo    up, then stream a test split through the whole system and report accuracy and speed
                      [--data PATH] [--repeat N] [--rate IMAGES_PER_S] [--workers N] [--exit] (and up's options)
              faults  a fault campaign against real processes: per scenario, scans sent (Kafka and API),
                      predicted, lost, duplicated, stored and the longest stall
                      [--scenario all|worker-kill|gateway-kill|broker-outage|broker-outage-75s|postgres-kill|
                      database-outage|poison-record] [--scans N per sender] [--outage-seconds S] [--data NPZ]
              redrive re-publish the dead letters of one error code to the scans topic after a fix, each once
                      --code CODE [--from ISO_INSTANT] [--to ISO_INSTANT] [--bootstrap-servers HOST:PORT]
              worker-bench
                      the served path's speed: raw ONNX Runtime vs one worker end to end through a real broker
                      [--model-dir DIR] [--runs N] [--max-batch N] ... (inference-worker/README.md, Measured)
              train | experiment | bench
                      the trainer's commands, options passed through (./octflow train --help);
                      on 2 cores they run libnd4j with OMP_NUM_THREADS=1, its faster setting there
            """;

    private OctflowCommand() {
    }

    public static void main(String[] args) {
        PrintStream out = System.out;
        if (args.length == 0 || List.of("-h", "--help", "help").contains(args[0])) {
            out.print(USAGE);
            return;
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        try {
            int status = switch (args[0]) {
                case "up" -> new UpCommand(out).run(rest);
                case "send" -> new SendCommand(out).run(rest);
                case "demo" -> new DemoCommand(out).run(rest);
                case "faults" -> new FaultCommand(out).run(rest);
                case "redrive" -> new RedriveCommand(out).run(rest);
                case "worker-bench" -> {
                    org.octflow.launcher.bench.Bench.main(rest.toArray(String[]::new));
                    yield 0;
                }
                default -> throw new Arguments.UsageException("unknown command '" + args[0] + "'");
            };
            System.exit(status);
        } catch (Arguments.UsageException e) {
            System.err.println("octflow: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
        } catch (DatasetException | IllegalStateException | java.io.UncheckedIOException e) {
            System.err.println("octflow: " + e.getMessage());
            System.exit(1);
        } catch (Exception e) {
            System.err.println("octflow: " + e);
            e.printStackTrace();
            System.exit(1);
        }
    }
}
