package org.octflow.gateway.monitoring;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** The label-free accuracy estimate (issue #30), under {@code octflow.monitoring.*}. */
@ConfigMapping(prefix = "octflow.monitoring")
public interface MonitoringConfig {

    /** At most this many predictions, the latest of a window, go into one estimate (bounds time and memory). */
    @WithDefault("5000")
    int windowCap();

    /** Below this many reviewed scans the measured accuracy is given but said to be "not enough". */
    @WithDefault("30")
    int minReviewed();

    /** The coverage of every interval. */
    @WithDefault("0.95")
    double level();

    /** Added to each side of accuracy and precision intervals for calibration error, e.g. the model's val ECE. */
    @WithDefault("0")
    double calibrationMargin();

    Gauges gauges();

    Drift drift();

    /** The drift test of each group's latest scans against the model's reference profile (DriftCheck). */
    interface Drift {
        /** The latest scans of a group (with a preview) that are tested; the test needs 20 or more. */
        @WithDefault("200")
        int window();

        /** The stated chance that a window like the reference scans is called drifted. */
        @WithDefault("0.05")
        double falseAlarmRate();

        /**
         * Where reference profiles are: a model directory or a directory of them, each profile naming its model
         * (name:version). Unset: octflow.oip.model-dir, the workers' model directory.
         */
        java.util.Optional<java.nio.file.Path> profileDir();
    }

    /** The periodic estimate exported as metrics (EstimateGauges). */
    interface Gauges {
        /** Off: no job runs and no estimate gauge exists. */
        @WithDefault("true")
        boolean enabled();

        /** How often the gauges are computed again. */
        @WithDefault("PT1M")
        Duration interval();

        /** The window each computation looks back over (capped at window-cap predictions per model version). */
        @WithDefault("PT1H")
        Duration window();

        /**
         * Per model version, the sites with the most scans in the window that get series of their own (site values
         * come from scan metadata: unbounded, so never all of them become tags). Every version also has site="all".
         */
        @WithDefault("10")
        int maxSites();
    }
}
