package org.octflow.launcher;

import java.io.PrintStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;

/** `./octflow redrive --code CODE`: dead letters of one code back to the scans topic, each once, after a fix. */
final class RedriveCommand {
    private final PrintStream out;

    RedriveCommand(PrintStream out) {
        this.out = out;
    }

    int run(List<String> argv) throws Exception {
        Arguments args = new Arguments(argv, Set.of("code", "from", "to", "bootstrap-servers"), Set.of());
        String code = args.get("code", null);
        if (code == null) {
            throw new Arguments.UsageException("redrive needs --code, e.g. --code MODEL_FAILURE");
        }
        try (Redriver redriver = new Redriver(args.get("bootstrap-servers", "127.0.0.1:9092"), code)) {
            Redriver.Result result = redriver.redrive(instant(args, "from"), instant(args, "to"));
            out.printf("redrive %s: %d dead letter(s) read, %d re-published to the scans topic, %d of other codes,"
                            + " %d whose original is gone (cut down, and deleted by retention)%n", code, result.read(),
                    result.redriven(), result.otherCodes(), result.unrecoverable());
            out.println("progress is kept in consumer group " + Redriver.group(code) + ": a second run re-publishes"
                    + " only letters that arrived since");
        }
        return 0;
    }

    private static Instant instant(Arguments args, String name) {
        String value = args.get(name, null);
        try {
            return value == null ? null : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new Arguments.UsageException("--" + name + " must be an ISO-8601 instant, e.g. 2026-12-02T10:00:00Z");
        }
    }
}
