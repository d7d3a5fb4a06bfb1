package org.octflow.trainer.core.train;

import java.io.PrintStream;
import java.util.Locale;

/** One line per epoch, redrawn in place: progress, images/s and time left. */
public final class ProgressBar {
    private static final int WIDTH = 28;
    private static final long REDRAW_NANOS = 500_000_000L;
    private final PrintStream out;
    private long lastDraw;

    public ProgressBar(PrintStream out) {
        this.out = out;
    }

    public void update(String label, long done, long total, double elapsedSeconds) {
        long now = System.nanoTime();
        // Redraw at most twice a second: logs captured to a file stay readable.
        if (done < total && now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        double rate = elapsedSeconds > 0 ? done / elapsedSeconds : 0;
        double eta = rate > 0 ? (total - done) / rate : 0;
        int filled = total == 0 ? WIDTH : (int) (WIDTH * done / total);
        out.print(String.format(Locale.ROOT, "\r%s [%s%s] %d/%d %.0f img/s ETA %.0fs   ", label,
                "=".repeat(filled), " ".repeat(WIDTH - filled), done, total, rate, eta));
        out.flush();
    }

    public void finish(String summary) {
        out.print("\r" + " ".repeat(100) + "\r");
        out.println(summary);
    }
}
