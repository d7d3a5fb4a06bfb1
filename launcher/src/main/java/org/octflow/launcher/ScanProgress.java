package org.octflow.launcher;

import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Bars for scans sent and answered (me.tongfei:progressbar): in place on a terminal, a line every 5 s in a log. */
final class ScanProgress {
    private ScanProgress() {
    }

    static ProgressBar start(PrintStream out, String task, long scans) {
        boolean terminal = System.console() != null;
        return new ProgressBarBuilder().setTaskName(task).setInitialMax(scans).setUnit(" scans", 1).showSpeed()
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(terminal ? 200 : 5_000)
                .setConsumer(terminal ? new ConsoleProgressBarConsumer(out) : new DelegatingProgressBarConsumer(out::println))
                .build();
    }
}
