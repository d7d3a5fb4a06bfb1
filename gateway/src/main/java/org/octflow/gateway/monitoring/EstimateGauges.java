package org.octflow.gateway.monitoring;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;
import org.octflow.contracts.Failures;
import org.octflow.gateway.oip.ServedModels;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * The estimate of the last {@code octflow.monitoring.gauges.window} as gauges, recomputed every {@code interval} on a
 * daemon thread of its own: per model version with {@code site="all"}, and per version and site for its
 * {@code max-sites} busiest sites. A series whose group left the window is removed, so a gauge never shows an old
 * window's figure. Beside them, each served model's validation accuracy from its manifest, for the alert's baseline.
 */
@ApplicationScoped
public class EstimateGauges {
    private static final Logger LOG = Logger.getLogger(EstimateGauges.class);
    static final String ALL_SITES = "all";
    static final String NO_SITE = "none";
    /** Site values are free text up to 1,024 characters; a tag is cut to this. */
    private static final int MAX_TAG_CHARS = 64;

    /** One series' tags. */
    record Series(String modelName, String modelVersion, String site) {
        Tags tags() {
            return Tags.of("model_name", modelName, "model_version", modelVersion, "site", site);
        }
    }

    /** What the gauges of one series read; NaN where there is nothing to say. */
    record Figures(double scans, double expected, double lower, double upper, double reviewShare,
                   double reviewedAccuracy, double reviewedScans, double driftDetected) {
        static Figures of(GroupEstimate group) {
            var e = group.estimate();
            var measured = group.reviewed();
            double reviewed = measured.enough() ? measured.accuracy().share() : Double.NaN;
            return new Figures(e.scans(), e.expectedAccuracy(), e.accuracyInterval().lower(),
                    e.accuracyInterval().upper(), e.reviewShare(), reviewed, measured.accuracy().of(),
                    group.drift().status() == DriftView.Status.TESTED ? (group.drift().drifted() ? 1 : 0) : Double.NaN);
        }
    }

    private static final Map<String, ToDoubleFunction<Figures>> GAUGES = Map.of(
            "octflow.gateway.estimate.scans", Figures::scans,
            "octflow.gateway.estimated.accuracy", Figures::expected,
            "octflow.gateway.estimated.accuracy.lower", Figures::lower,
            "octflow.gateway.estimated.accuracy.upper", Figures::upper,
            "octflow.gateway.review.share", Figures::reviewShare,
            "octflow.gateway.reviewed.accuracy", Figures::reviewedAccuracy,
            "octflow.gateway.reviewed.scans", Figures::reviewedScans,
            "octflow.gateway.drift.detected", Figures::driftDetected);

    private final WindowEstimates estimates;
    private final ServedModels servedModels;
    private final MonitoringConfig.Gauges config;
    private final MeterRegistry registry;
    private final Clock clock;
    private volatile Map<Series, Figures> current = Map.of();
    private volatile Map<List<String>, Double> validation = Map.of();
    private final Map<Object, List<Meter>> meters = new HashMap<>();
    private ScheduledExecutorService schedule;

    public EstimateGauges(WindowEstimates estimates, ServedModels servedModels, MonitoringConfig config,
                          MeterRegistry registry, Clock clock) {
        this.estimates = estimates;
        this.servedModels = servedModels;
        this.config = config.gauges();
        this.registry = registry;
        this.clock = clock;
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.enabled()) {
            LOG.info("estimate gauges are off (octflow.monitoring.gauges.enabled=false)");
            return;
        }
        schedule = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "octflow-estimate-gauges");
            thread.setDaemon(true);
            return thread;
        });
        schedule.scheduleWithFixedDelay(this::updateQuietly, 0, config.interval().toMillis(), TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (schedule != null) {
            schedule.shutdownNow();
        }
    }

    /** Computes the gauges of the window ending now. */
    public synchronized void update() {
        Instant now = clock.instant();
        var filter = new EstimateWindows.Filter(null, null, null, null, now.minus(config.window()), null);
        Map<Series, Figures> next = new HashMap<>();
        for (GroupEstimate group : estimates.estimate(filter, GroupBy.MODEL_VERSION).groups()) {
            put(next, group, ALL_SITES);
        }
        for (GroupEstimate group : estimates.estimate(filter, GroupBy.SITE, config.maxSites()).groups()) {
            put(next, group, group.site() == null ? NO_SITE : cut(group.site()));
        }
        current = Map.copyOf(next);

        Map<List<String>, Double> baselines = new HashMap<>();
        servedModels.all().forEach(model -> {
            var metrics = model.manifest().metrics();
            var accuracy = metrics == null ? null : metrics.path("val").path("accuracy");
            if (accuracy != null && accuracy.isNumber()) {
                baselines.put(List.of(model.name(), model.version()), accuracy.asDouble());
            }
        });
        validation = Map.copyOf(baselines);
        register();
    }

    private static void put(Map<Series, Figures> into, GroupEstimate group, String site) {
        if (group.estimate() != null) {
            into.put(new Series(group.modelName(), group.modelVersion(), site), Figures.of(group));
        }
    }

    /** Adds gauges for new series and removes those of series no longer in the window. */
    private void register() {
        var live = new java.util.HashSet<Object>(current.keySet());
        live.addAll(validation.keySet());
        meters.entrySet().removeIf(entry -> {
            if (live.contains(entry.getKey())) {
                return false;
            }
            entry.getValue().forEach(registry::remove);
            return true;
        });
        current.keySet().forEach(series -> meters.computeIfAbsent(series, s -> {
            List<Meter> made = new ArrayList<>();
            GAUGES.forEach((name, read) -> made.add(Gauge.builder(name, this, g -> g.read(series, read))
                    .tags(series.tags()).register(registry)));
            return made;
        }));
        validation.keySet().forEach(model -> meters.computeIfAbsent(model, m -> List.of(
                Gauge.builder("octflow.gateway.model.validation.accuracy", this,
                                g -> g.validation.getOrDefault(model, Double.NaN))
                        .description("The model's validation accuracy, from its manifest (metrics.val.accuracy)")
                        .tags("model_name", model.get(0), "model_version", model.get(1)).register(registry))));
    }

    private double read(Series series, ToDoubleFunction<Figures> read) {
        Figures figures = current.get(series);
        return figures == null ? Double.NaN : read.applyAsDouble(figures);
    }

    private static String cut(String site) {
        return site.length() <= MAX_TAG_CHARS ? site : site.substring(0, MAX_TAG_CHARS);
    }

    private void updateQuietly() {
        try {
            update();
        } catch (RuntimeException e) {
            LOG.warnf("estimate gauges: could not compute the estimate (%s); trying again in %s",
                    Failures.rootMessage(e), config.interval());
        }
    }
}
