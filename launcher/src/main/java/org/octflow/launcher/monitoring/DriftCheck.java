package org.octflow.launcher.monitoring;

import org.octflow.contracts.manifest.ManifestFiles;
import org.octflow.launcher.monitoring.MonitoringCheck.Scored;
import org.octflow.monitoring.AccuracyEstimator;
import org.octflow.monitoring.DriftDetector;
import org.octflow.monitoring.DriftVerdict;
import org.octflow.monitoring.ReferenceProfile;
import org.octflow.monitoring.ScoredScan;
import org.octflow.monitoring.WindowScan;
import org.octflow.preprocessing.GreyImage;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The drift test's false-alarm rate and power. Val is split in two at random: the reference profile is built from one
 * half, windows are drawn from the other (so no window shares a scan with the reference), unchanged for the
 * false-alarm rate, and with each {@link ClinicShift} applied to every image before it is normalised and run through
 * the model for the power.
 */
final class DriftCheck {
    private final MonitoringCheck.Settings settings;
    private final PrintStream out;
    private final ServedModel model;
    private final List<GreyImage> images;
    private final Scored scored;

    DriftCheck(MonitoringCheck.Settings settings, PrintStream out, ServedModel model, List<GreyImage> images,
               Scored scored) {
        this.settings = settings;
        this.out = out;
        this.model = model;
        this.images = images;
        this.scored = scored;
    }

    /** The profile a deployment would use: all of val. */
    ReferenceProfile fullValProfile() {
        return profile(MonitoringCheck.all(images.size()), "val split of " + settings.data() + " (sha256 "
                + ManifestFiles.sha256(settings.data()).substring(0, 16) + "...)");
    }

    void run() {
        int[] shuffled = MonitoringCheck.draw(MonitoringCheck.all(images.size()), images.size(),
                new Random(settings.seed()));
        int half = (images.size() + 1) / 2;
        int[] referenceHalf = Arrays.copyOf(shuffled, half);
        int[] heldOut = Arrays.copyOfRange(shuffled, half, shuffled.length);
        ReferenceProfile reference = profile(referenceHalf, "half of the val split of " + settings.data());
        DriftDetector detector = new DriftDetector(reference, settings.falseAlarmRate());
        out.printf(Locale.ROOT, "Drift: reference = %d random val scans; windows drawn from the other %d (no scan in"
                        + " both); %d tests (KS on %s, chi-square on the predicted-class mix), stated false-alarm"
                        + " rate %.2f per window, so p < %.4f per test (Bonferroni)%n", referenceHalf.length,
                heldOut.length, detector.testCount(), ReferenceProfile.statisticNames(), settings.falseAlarmRate(),
                settings.falseAlarmRate() / detector.testCount());
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-15s", "shift"));
        for (int size : settings.windowSizes()) {
            header.append(String.format(Locale.ROOT, " %9s", "n=" + size));
        }
        out.println(header.append("  real acc  est. acc   most often drifted (largest window)"));
        Map<String, List<WindowScan>> sets = new LinkedHashMap<>();
        sets.put("none", windowScans(heldOut, null));
        for (ClinicShift shift : ClinicShift.values()) {
            sets.put(shift.name(), windowScans(heldOut, shift));
        }
        AccuracyEstimator estimator = new AccuracyEstimator(model.manifest().classes(), settings.level(), 0);
        int[] pool = MonitoringCheck.all(heldOut.length);
        for (Map.Entry<String, List<WindowScan>> set : sets.entrySet()) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-15s",
                    set.getKey().equals("none") ? "none (false al.)" : set.getKey()));
            Map<String, Integer> triggers = new LinkedHashMap<>();
            for (int size : settings.windowSizes()) {
                if (size > heldOut.length) {
                    row.append(String.format(Locale.ROOT, " %9s", "-"));
                    continue;
                }
                Random random = new Random(settings.seed() + 31L * size + set.getKey().hashCode());
                int drifted = 0;
                triggers.clear();
                for (int w = 0; w < settings.windows(); w++) {
                    List<WindowScan> window = new ArrayList<>(size);
                    for (int i : MonitoringCheck.draw(pool, size, random)) {
                        window.add(set.getValue().get(i));
                    }
                    DriftVerdict verdict = detector.test(window);
                    if (verdict.drifted()) {
                        drifted++;
                        verdict.driftedStatistics().forEach(s -> triggers.merge(s, 1, Integer::sum));
                    }
                }
                row.append(String.format(Locale.ROOT, " %9.3f", (double) drifted / settings.windows()));
            }
            List<ScoredScan> all = set.getValue().stream().map(scan -> new ScoredScan(scan.probabilities(), false))
                    .toList();
            int right = 0;
            for (int i = 0; i < heldOut.length; i++) {
                right += all.get(i).predicted() == scored.labels()[heldOut[i]] ? 1 : 0;
            }
            row.append(String.format(Locale.ROOT, " %9.3f %9.3f", (double) right / heldOut.length,
                    estimator.estimate(all).expectedAccuracy()));
            row.append("   ").append(top(triggers, settings.windows()));
            out.println(row);
        }
        for (ClinicShift shift : ClinicShift.values()) {
            out.printf(Locale.ROOT, "  %-14s %s%n", shift.name(), shift.description());
        }
    }

    private static String top(Map<String, Integer> triggers, int windows) {
        return triggers.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(3)
                .map(e -> String.format(Locale.ROOT, "%s %.2f", e.getKey(), (double) e.getValue() / windows))
                .reduce((a, b) -> a + ", " + b).orElse("-");
    }

    private ReferenceProfile profile(int[] indexes, String builtFrom) {
        return ReferenceProfile.build(model.manifest().id(), model.manifest().classes(),
                builtFrom + ", " + indexes.length + " scans", scored.windowScans(indexes));
    }

    /** Each held-out scan, shifted (null: as it is) and run through the model. */
    private List<WindowScan> windowScans(int[] indexes, ClinicShift shift) {
        if (shift == null) {
            return scored.windowScans(indexes);
        }
        Random random = new Random(settings.seed() + shift.ordinal());
        List<GreyImage> shifted = new ArrayList<>(indexes.length);
        for (int i : indexes) {
            shifted.add(shift.apply(images.get(i), random));
        }
        float[][] probabilities = model.probabilities(shifted);
        List<WindowScan> scans = new ArrayList<>(indexes.length);
        for (int i = 0; i < indexes.length; i++) {
            scans.add(WindowScan.of(shifted.get(i), probabilities[i]));
        }
        return scans;
    }
}
