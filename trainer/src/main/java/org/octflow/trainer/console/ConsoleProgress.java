package org.octflow.trainer.console;

import java.io.OutputStream;
import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Where the trainer's progress goes: bars drawn by me.tongfei:progressbar, redrawn in place on a terminal and a
 * line every few seconds when the output is a log file, and one summary line per finished step.
 */
public final class ConsoleProgress {
    private static final int LOG_INTERVAL_MILLIS = 5_000;
    private final PrintStream out;
    private final boolean terminal;

    public ConsoleProgress(PrintStream out) {
        this(out, System.console() != null);
    }

    private ConsoleProgress(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    /** Progress nobody sees (tests). */
    public static ConsoleProgress quiet() {
        return new ConsoleProgress(new PrintStream(OutputStream.nullOutputStream()), false);
    }

    /** A bar for {@code total} units of {@code unit} (e.g. "img", "MB" with {@code unitSize} 1 MiB); close it when done. */
    public ProgressBar start(String task, long total, String unit, long unitSize) {
        ProgressBarBuilder builder = new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
                .setUnit(unit, unitSize).showSpeed().clearDisplayOnFinish();
        if (terminal) {
            builder.setStyle(ProgressBarStyle.ASCII).setConsumer(new ConsoleProgressBarConsumer(out));
        } else {
            builder.setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(LOG_INTERVAL_MILLIS)
                    .setConsumer(new DelegatingProgressBarConsumer(out::println));
        }
        return builder.build();
    }

    /** A line that stays: the summary of a finished epoch or download. */
    public void report(String line) {
        out.println(line);
    }
}
