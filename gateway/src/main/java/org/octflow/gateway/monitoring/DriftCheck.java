package org.octflow.gateway.monitoring;

import jakarta.enterprise.context.ApplicationScoped;
import org.octflow.monitoring.DriftDetector;
import org.octflow.monitoring.ReferenceProfile;
import org.octflow.monitoring.WindowScan;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Tests a group's latest scans (newest first) against its model version's reference profile. */
@ApplicationScoped
public class DriftCheck {
    private final ReferenceProfiles profiles;
    private final PreviewStatistics statistics;
    private final MonitoringConfig.Drift config;

    public DriftCheck(ReferenceProfiles profiles, PreviewStatistics statistics, MonitoringConfig config) {
        this.profiles = profiles;
        this.statistics = statistics;
        this.config = config.drift();
    }

    /** {@code group}: one model version's rows, newest first; {@code probabilities} in the model's class order. */
    DriftView test(String modelName, String modelVersion, List<WindowRow> group, List<float[]> probabilities) {
        Optional<ReferenceProfile> profile = profiles.find(modelName, modelVersion);
        if (profile.isEmpty()) {
            return new DriftView(DriftView.Status.NO_PROFILE, null, profiles.whereProfilesAre());
        }
        int n = Math.min(group.size(), config.window());
        List<String> ids = group.subList(0, n).stream().map(WindowRow::scanId).toList();
        Map<String, double[]> stats = statistics.of(ids);
        List<WindowScan> window = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] s = stats.get(ids.get(i));
            if (s != null && probabilities.get(i) != null) {
                window.add(new WindowScan(s, probabilities.get(i)));
            }
        }
        if (window.size() < DriftDetector.MIN_WINDOW) {
            return new DriftView(DriftView.Status.TOO_FEW_SCANS, null, window.size() + " of the group's latest " + n
                    + " scans have a preview; the test needs " + DriftDetector.MIN_WINDOW);
        }
        var verdict = new DriftDetector(profile.get(), config.falseAlarmRate()).test(window);
        return new DriftView(DriftView.Status.TESTED, verdict, "the latest " + window.size() + " scans against "
                + profile.get().builtFrom());
    }
}
