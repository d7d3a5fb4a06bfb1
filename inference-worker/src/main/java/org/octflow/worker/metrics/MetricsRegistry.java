package org.octflow.worker.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * A minimal Prometheus registry (text exposition format 0.0.4): counters, gauges, histograms and info metrics.
 * Hand-written so the worker needs no metrics library; every update is lock-free.
 */
public final class MetricsRegistry {
    private interface Metric {
        void render(StringBuilder out);
    }

    private final List<Metric> metrics = new CopyOnWriteArrayList<>();

    public Counter counter(String name, String help) {
        Counter counter = new Counter(name, help, Map.of());
        metrics.add(counter);
        return counter;
    }

    /** A family of counters told apart by one label, e.g. dead letters by error code. */
    public LabeledCounter labeledCounter(String name, String help, String label) {
        LabeledCounter family = new LabeledCounter(name, help, label);
        metrics.add(family);
        return family;
    }

    public void gauge(String name, String help, DoubleSupplier value) {
        metrics.add(out -> {
            header(out, name, help, "gauge");
            out.append(name).append(' ').append(format(value.getAsDouble())).append('\n');
        });
    }

    /** A gauge fixed at 1 whose labels carry the facts, e.g. the model version being served. */
    public void info(String name, String help, Supplier<Map<String, String>> labels) {
        metrics.add(out -> {
            header(out, name, help, "gauge");
            out.append(name).append(labels(labels.get())).append(" 1\n");
        });
    }

    public Histogram histogram(String name, String help, double... upperBounds) {
        Histogram histogram = new Histogram(name, help, upperBounds);
        metrics.add(histogram);
        return histogram;
    }

    public String render() {
        StringBuilder out = new StringBuilder(4096);
        for (Metric metric : metrics) {
            metric.render(out);
        }
        return out.toString();
    }

    public static final class Counter implements Metric {
        private final String name;
        private final String help;
        private final Map<String, String> labels;
        private final LongAdder value = new LongAdder();

        private Counter(String name, String help, Map<String, String> labels) {
            this.name = name;
            this.help = help;
            this.labels = labels;
        }

        public void inc() {
            value.increment();
        }

        public void add(long n) {
            value.add(n);
        }

        public long value() {
            return value.sum();
        }

        @Override
        public void render(StringBuilder out) {
            header(out, name, help, "counter");
            renderSample(out);
        }

        private void renderSample(StringBuilder out) {
            out.append(name).append(labels(labels)).append(' ').append(value.sum()).append('\n');
        }
    }

    public static final class LabeledCounter implements Metric {
        private final String name;
        private final String help;
        private final String label;
        private final Map<String, Counter> children = new java.util.concurrent.ConcurrentSkipListMap<>();

        private LabeledCounter(String name, String help, String label) {
            this.name = name;
            this.help = help;
            this.label = label;
        }

        public Counter with(String value) {
            return children.computeIfAbsent(value, v -> new Counter(name, help, Map.of(label, v)));
        }

        @Override
        public void render(StringBuilder out) {
            header(out, name, help, "counter");
            children.values().forEach(child -> child.renderSample(out));
        }
    }

    public static final class Histogram implements Metric {
        private final String name;
        private final String help;
        private final double[] upperBounds;
        private final LongAdder[] buckets;
        private final LongAdder count = new LongAdder();
        private final AtomicLong sumBits = new AtomicLong(Double.doubleToLongBits(0));

        private Histogram(String name, String help, double[] upperBounds) {
            this.name = name;
            this.help = help;
            this.upperBounds = upperBounds.clone();
            java.util.Arrays.sort(this.upperBounds);
            this.buckets = new LongAdder[upperBounds.length];
            for (int i = 0; i < buckets.length; i++) {
                buckets[i] = new LongAdder();
            }
        }

        public void observe(double value) {
            for (int i = 0; i < upperBounds.length; i++) {
                if (value <= upperBounds[i]) {
                    buckets[i].increment();
                    break;
                }
            }
            count.increment();
            sumBits.accumulateAndGet(Double.doubleToLongBits(value),
                    (sum, add) -> Double.doubleToLongBits(Double.longBitsToDouble(sum) + Double.longBitsToDouble(add)));
        }

        public long count() {
            return count.sum();
        }

        public double sum() {
            return Double.longBitsToDouble(sumBits.get());
        }

        @Override
        public void render(StringBuilder out) {
            header(out, name, help, "histogram");
            long cumulative = 0;
            for (int i = 0; i < upperBounds.length; i++) {
                cumulative += buckets[i].sum();
                out.append(name).append("_bucket{le=\"").append(format(upperBounds[i])).append("\"} ")
                        .append(cumulative).append('\n');
            }
            out.append(name).append("_bucket{le=\"+Inf\"} ").append(count.sum()).append('\n');
            out.append(name).append("_sum ").append(format(sum())).append('\n');
            out.append(name).append("_count ").append(count.sum()).append('\n');
        }
    }

    /** Exponential bucket bounds: start, start*factor, ... (count of them). */
    public static double[] exponential(double start, double factor, int count) {
        double[] bounds = new double[count];
        for (int i = 0; i < count; i++) {
            bounds[i] = start * Math.pow(factor, i);
        }
        return bounds;
    }

    private static void header(StringBuilder out, String name, String help, String type) {
        out.append("# HELP ").append(name).append(' ').append(help.replace("\\", "\\\\").replace("\n", "\\n"))
                .append('\n').append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static String labels(Map<String, String> labels) {
        if (labels.isEmpty()) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        new TreeMap<>(labels).forEach((k, v) -> parts.add(k + "=\"" + v.replace("\\", "\\\\")
                .replace("\"", "\\\"").replace("\n", "\\n") + "\""));
        return "{" + String.join(",", parts) + "}";
    }

    private static String format(double value) {
        if (value == Math.rint(value) && !Double.isInfinite(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return Double.isNaN(value) ? "NaN" : value > 0 ? "+Inf" : "-Inf";
        }
        return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
