package org.octflow.gateway.monitoring;

import jakarta.enterprise.context.ApplicationScoped;
import org.octflow.gateway.prediction.ClassScore;
import org.octflow.monitoring.AccuracyEstimator;
import org.octflow.monitoring.ScoredScan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A window of stored predictions → per group, the label-free estimate and the accuracy measured on reviewed scans. */
@ApplicationScoped
public class WindowEstimates {
    private static final Comparator<String> NULLS_FIRST = Comparator.nullsFirst(Comparator.naturalOrder());
    private static final Comparator<GroupEstimate> ORDER = Comparator.comparing(GroupEstimate::modelName)
            .thenComparing(GroupEstimate::modelVersion).thenComparing(GroupEstimate::site, NULLS_FIRST)
            .thenComparing(GroupEstimate::device, NULLS_FIRST);

    private final EstimateWindows windows;
    private final DriftCheck drift;
    private final MonitoringConfig config;

    public WindowEstimates(EstimateWindows windows, DriftCheck drift, MonitoringConfig config) {
        this.windows = windows;
        this.drift = drift;
        this.config = config;
    }

    public EstimateView estimate(EstimateWindows.Filter filter, GroupBy groupBy) {
        return estimate(filter, groupBy, Integer.MAX_VALUE);
    }

    /**
     * As {@link #estimate(EstimateWindows.Filter, GroupBy)}, keeping per model version only its
     * {@code busiestPerVersion} groups with the most predictions in the window (the others are neither estimated
     * nor drift-tested).
     */
    public EstimateView estimate(EstimateWindows.Filter filter, GroupBy groupBy, int busiestPerVersion) {
        // One row more than the cap tells whether the window held more.
        List<WindowRow> rows = windows.latest(filter, config.windowCap() + 1);
        boolean capped = rows.size() > config.windowCap();
        if (capped) {
            rows = rows.subList(0, config.windowCap());
        }
        Map<GroupBy.GroupKey, List<WindowRow>> groups = new LinkedHashMap<>();
        rows.forEach(row -> groups.computeIfAbsent(groupBy.keyOf(row), key -> new ArrayList<>()).add(row));
        Map<List<String>, Integer> kept = new HashMap<>();
        List<GroupEstimate> estimates = new ArrayList<>();
        groups.entrySet().stream()
                .sorted(Comparator.comparingInt((Map.Entry<GroupBy.GroupKey, List<WindowRow>> g) -> g.getValue().size())
                        .reversed())
                .filter(g -> kept.merge(List.of(g.getKey().modelName(), g.getKey().modelVersion()), 1, Integer::sum)
                        <= busiestPerVersion)
                .forEach(g -> estimates.add(estimate(g.getKey(), g.getValue())));
        estimates.sort(ORDER);
        return new EstimateView(filter.from(), filter.to(), config.windowCap(), rows.size(), capped, groupBy,
                estimates, EstimateView.LIMIT);
    }

    private GroupEstimate estimate(GroupBy.GroupKey key, List<WindowRow> group) {
        // The worker stores probabilities in the model's output order: the manifest's classes.
        List<String> classes = group.get(0).probabilities().stream().map(ClassScore::label).toList();
        List<ScoredScan> scored = new ArrayList<>(group.size());
        List<float[]> inOrder = new ArrayList<>(group.size());
        long reviewed = 0;
        long right = 0;
        int skipped = 0;
        for (WindowRow row : group) {
            float[] p = inOrder(row.probabilities(), classes);
            inOrder.add(p);
            if (p == null) {
                skipped++;
                continue;
            }
            scored.add(new ScoredScan(p, row.sentToReview()));
            if (row.reviewedLabel() != null) {
                reviewed++;
                right += row.reviewedLabel().equals(row.label()) ? 1 : 0;
            }
        }
        var estimator = new AccuracyEstimator(classes, config.level(), config.calibrationMargin());
        DriftView drifted = drift.test(key.modelName(), key.modelVersion(), group, inOrder);
        return new GroupEstimate(key.modelName(), key.modelVersion(), key.site(), key.device(), classes,
                scored.isEmpty() ? null : estimator.estimate(scored), !drifted.drifted(), drifted,
                MeasuredAccuracy.of(right, reviewed, config.minReviewed()), skipped);
    }

    /** {@code scores} in {@code classes}' order; null when they do not name exactly those classes. */
    private static float[] inOrder(List<ClassScore> scores, List<String> classes) {
        if (scores.size() != classes.size()) {
            return null;
        }
        float[] p = new float[classes.size()];
        boolean[] seen = new boolean[classes.size()];
        for (ClassScore score : scores) {
            int c = classes.indexOf(score.label());
            if (c < 0 || seen[c]) {
                return null;
            }
            p[c] = (float) score.probability();
            seen[c] = true;
        }
        return p;
    }
}
