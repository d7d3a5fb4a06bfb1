package org.octflow.launcher;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** `./octflow export-reviewed --out DIR`: reviewed scans as a labelled folder for `./octflow train --data DIR`. */
@Command(name = "export-reviewed", mixinStandardHelpOptions = true,
        description = "Write the gateway's reviewed scans (their previews) as DIR/<LABEL>/<scan>.jpg with"
                + " DIR/reviews.csv (reviewer, time, model label), for ./octflow train --data NPZ --data DIR.")
final class ExportReviewedCommand implements Callable<Integer> {
    private final PrintStream out = System.out;
    @Option(names = "--out", required = true, description = "the folder to write")
    Path dir;
    @Option(names = "--gateway", defaultValue = "http://127.0.0.1:8080")
    String gateway;
    @Option(names = "--key", description = "a reader or reviewer API key (default: the local stack's reviewer key)")
    String key = StackOptions.REVIEWER_KEY;

    @Override
    public Integer call() throws Exception {
        ReviewExport.Result result = new ReviewExport(gateway, key).exportTo(dir);
        out.printf("exported %d reviewed scan(s) to %s (labels: %s); %d without a preview (sent straight to Kafka,"
                + " or past retention) left out%n", result.exported(), dir, String.join(", ", result.labels()),
                result.withoutPreview());
        out.println("train on them beside OCTMNIST: ./octflow train --download --data " + dir + " (or --data <npz>"
                + " --data " + dir + "): they join its training split; --data " + dir + " alone needs scans of every"
                + " class the model knows");
        return 0;
    }
}
