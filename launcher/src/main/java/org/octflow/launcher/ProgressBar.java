package org.octflow.launcher;

import java.io.PrintStream;

/** A one-line progress bar with rate and ETA; prints plain lines when the output is not a terminal. */
final class ProgressBar {
    private final PrintStream out;
    private final String label;
    private final long total;
    private final long startNanos = System.nanoTime();
    private final boolean terminal = System.console() != null;
    private long lastPrintNanos;
    private int lastPercent = -1;

    ProgressBar(PrintStream out, String label, long total) {
        this.out = out;
        this.label = label;
        this.total = Math.max(total, 1);
    }

    void update(long done) {
        long now = System.nanoTime();
        int percent = (int) (100 * done / total);
        boolean finished = done >= total;
        if (terminal ? now - lastPrintNanos < 100_000_000L && !finished : percent / 10 == lastPercent / 10 && !finished) {
            return;
        }
        lastPrintNanos = now;
        lastPercent = percent;
        double seconds = Math.max((now - startNanos) / 1e9, 1e-9);
        double rate = done / seconds;
        long eta = rate > 0 ? Math.round((total - done) / rate) : 0;
        int filled = (int) (30L * done / total);
        String line = String.format("%s [%s%s] %d/%d %3d%% %.0f/s ETA %ds", label, "#".repeat(filled),
                ".".repeat(30 - filled), done, total, percent, rate, eta);
        if (terminal) {
            out.print("\r" + line + (finished ? System.lineSeparator() : ""));
        } else {
            out.println(line);
        }
        out.flush();
    }
}
