package org.octflow.launcher;

import org.octflow.dataset.DatasetException;
import org.octflow.launcher.monitoring.MonitoringCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** `./octflow check-monitoring`: model-monitoring measured with the served model on real scans. */
@Command(name = "check-monitoring", mixinStandardHelpOptions = true,
        description = "The accuracy estimate's interval coverage on windows drawn from val, the drift test's"
                + " false-alarm rate and power against simulated clinic shifts, and both on the OCT2017 scans"
                + " (model-monitoring README).")
final class CheckMonitoringCommand implements Callable<Integer> {
    @Option(names = "--model-dir", defaultValue = "models/octmnist-cnn")
    Path modelDir;
    @Option(names = "--data", defaultValue = "../shared/data/octmnist_partial.npz",
            description = "a MedMNIST npz; its val split is used (default: ${DEFAULT-VALUE})")
    Path data;
    @Option(names = "--oct2017", defaultValue = "../shared/data/oct2017-val",
            description = "full-size scans in <root>/<CLASS>/*.jpeg, compared, never tuned on"
                    + " (default: ${DEFAULT-VALUE})")
    Path oct2017;
    @Option(names = "--windows", defaultValue = "1000", description = "windows drawn per size and shift")
    int windows;
    @Option(names = "--window-size", split = ",", defaultValue = "50,100,200",
            description = "window sizes, comma-separated (default: ${DEFAULT-VALUE})")
    List<Integer> windowSizes;
    @Option(names = "--seed", defaultValue = "42")
    long seed;
    @Option(names = "--level", defaultValue = "0.95", description = "the estimator's interval level")
    double level;
    @Option(names = "--false-alarm-rate", defaultValue = "0.05",
            description = "the drift test's stated rate per window")
    double falseAlarmRate;
    @Option(names = "--write-profile", description = "write the reference profile of all of val into this directory")
    Path writeProfile;

    @Override
    public Integer call() throws DatasetException, IOException {
        if (windows < 1 || windowSizes.stream().anyMatch(s -> s < 20)) {
            throw new IllegalArgumentException("--windows must be at least 1 and every --window-size at least 20"
                    + " (the drift test's smallest window)");
        }
        MonitoringCheck.run(new MonitoringCheck.Settings(modelDir, data, oct2017, windows, windowSizes, seed, level,
                falseAlarmRate, writeProfile), System.out);
        return 0;
    }
}
