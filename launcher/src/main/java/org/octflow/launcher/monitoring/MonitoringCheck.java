package org.octflow.launcher.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import org.octflow.contracts.manifest.ModelManifest;
import org.octflow.contracts.v1.ImageEncoding;
import org.octflow.dataset.DatasetException;
import org.octflow.dataset.LabeledImages;
import org.octflow.dataset.MedMnistNpz;
import org.octflow.dataset.Split;
import org.octflow.monitoring.AccuracyEstimate;
import org.octflow.monitoring.AccuracyEstimator;
import org.octflow.monitoring.DriftDetector;
import org.octflow.monitoring.DriftVerdict;
import org.octflow.monitoring.ReferenceProfile;
import org.octflow.monitoring.ScoredScan;
import org.octflow.monitoring.WindowScan;
import org.octflow.preprocessing.GreyImage;
import org.octflow.preprocessing.ScanRejectedException;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;

/**
 * `./octflow check-monitoring`: measures model-monitoring with the served model on real scans. The estimator's
 * interval coverage on windows drawn from validation, the drift test's false-alarm rate on held-out validation
 * windows and its power against simulated {@link ClinicShift}s, and both on the full-size OCT2017 scans.
 */
public final class MonitoringCheck {
    /**
     * @param windows        windows drawn per window size (and per shift)
     * @param level          the estimator's interval level
     * @param falseAlarmRate the drift test's stated rate per window
     * @param writeProfile   a directory to write the reference profile of all of val into, or null
     */
    public record Settings(Path modelDir, Path data, Path oct2017, int windows, List<Integer> windowSizes, long seed,
                           double level, double falseAlarmRate, Path writeProfile) {
    }

    private final Settings settings;
    private final PrintStream out;

    private MonitoringCheck(Settings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
    }

    public static void run(Settings settings, PrintStream out) throws DatasetException, IOException {
        new MonitoringCheck(settings, out).run();
    }

    private void run() throws DatasetException, IOException {
        try (ServedModel model = new ServedModel(settings.modelDir())) {
            ModelManifest manifest = model.manifest();
            List<String> classes = manifest.classes();
            LabeledImages val = MedMnistNpz.loadSplit(settings.data(), Split.VAL, classes.size());
            List<GreyImage> images = new ArrayList<>(val.count());
            for (int i = 0; i < val.count(); i++) {
                images.add(val.image(i));
            }
            Scored scored = Scored.of(model, images, val.labels());
            double ece = valEce(manifest);
            out.printf(Locale.ROOT, "model %s; data: val split of %s (%d scans), real accuracy %.4f, mean top"
                    + " probability %.4f; val ECE from the manifest %.4f%n", manifest.id(), settings.data(),
                    val.count(), scored.accuracy(all(val.count())), scored.meanTop(all(val.count())), ece);
            out.printf(Locale.ROOT, "%d windows per size, seed %d%n%n", settings.windows(), settings.seed());
            new CoverageCheck(settings, out, classes, scored, val.labels()).run(ece);
            out.println();
            DriftCheck drift = new DriftCheck(settings, out, model, images, scored);
            drift.run();
            out.println();
            oct2017(model, ece, drift.fullValProfile());
            if (settings.writeProfile() != null) {
                Files.createDirectories(settings.writeProfile());
                drift.fullValProfile().writeTo(settings.writeProfile());
                out.println("wrote " + settings.writeProfile().resolve(ReferenceProfile.FILE));
            }
        }
    }

    private void oct2017(ServedModel model, double ece, ReferenceProfile profile) throws IOException {
        Path root = settings.oct2017();
        if (root == null || !Files.isDirectory(root)) {
            out.println("OCT2017: no folder at " + root + " (--oct2017 <root>/<CLASS>/*.jpeg): skipped");
            return;
        }
        List<String> classes = model.manifest().classes();
        List<GreyImage> images = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
                int label = classes.indexOf(file.getParent().getFileName().toString());
                if (label < 0 || !(name.endsWith(".jpeg") || name.endsWith(".jpg") || name.endsWith(".png"))) {
                    continue;
                }
                ImageEncoding encoding = name.endsWith(".png") ? ImageEncoding.PNG : ImageEncoding.JPEG;
                try {
                    images.add(model.translator().toModelSize(Files.readAllBytes(file), encoding, 0, 0));
                } catch (ScanRejectedException e) {
                    throw new IllegalStateException(file + " was refused by the serving preprocessing: "
                            + e.getMessage(), e);
                }
                labels.add(label);
            }
        }
        int[] truth = labels.stream().mapToInt(Integer::intValue).toArray();
        Scored scored = Scored.of(model, images, truth);
        int[] every = all(images.size());
        AccuracyEstimate estimate = new AccuracyEstimator(classes, settings.level(), 0).estimate(scored.window(every));
        AccuracyEstimate widened = new AccuracyEstimator(classes, settings.level(), ece).estimate(scored.window(every));
        int right = scored.right(every);
        out.printf(Locale.ROOT, "OCT2017 (%d full-size scans of %s, served preprocessing): real accuracy %d/%d = %.3f;"
                        + " estimated %.3f, %.0f %% interval [%.3f, %.3f] (with the ECE margin [%.3f, %.3f])%n",
                images.size(), root, right, images.size(), (double) right / images.size(),
                estimate.expectedAccuracy(), settings.level() * 100, estimate.accuracyInterval().lower(),
                estimate.accuracyInterval().upper(), widened.accuracyInterval().lower(),
                widened.accuracyInterval().upper());
        out.printf(Locale.ROOT, "  review share %.3f; auto-accepted: expected accuracy %s, real %s%n",
                estimate.reviewShare(), estimate.expectedAcceptedAccuracy() == null ? "-"
                        : String.format(Locale.ROOT, "%.3f", estimate.expectedAcceptedAccuracy()),
                scored.acceptedAccuracy(every));
        DriftVerdict verdict = new DriftDetector(profile, settings.falseAlarmRate()).test(scored.windowScans(every));
        out.printf(Locale.ROOT, "  drift vs the profile of all val: %s (smallest p %.2g, threshold %.2g per test)%s%n",
                verdict.drifted() ? "DRIFTED on " + verdict.driftedStatistics() : "not drifted",
                verdict.smallestPValue(), verdict.perTestThreshold(),
                verdict.estimateUntrustworthy() ? "; estimate marked untrustworthy" : "");
        verdict.tests().forEach(t -> out.printf(Locale.ROOT, "    %-18s %-10s stat %.3f  p %.2g%n", t.name(),
                t.test(), t.statistic(), t.pValue()));
    }

    private static double valEce(ModelManifest manifest) {
        JsonNode ece = manifest.metrics() == null ? null : manifest.metrics().path("val").path("eceAfterCalibration");
        return ece == null || !ece.isNumber() ? 0 : ece.asDouble();
    }

    static int[] all(int n) {
        int[] indexes = new int[n];
        for (int i = 0; i < n; i++) {
            indexes[i] = i;
        }
        return indexes;
    }

    /** Draws {@code size} distinct indexes of {@code pool} (partial Fisher-Yates). */
    static int[] draw(int[] pool, int size, Random random) {
        int[] copy = pool.clone();
        for (int i = 0; i < size; i++) {
            int j = i + random.nextInt(copy.length - i);
            int t = copy[i];
            copy[i] = copy[j];
            copy[j] = t;
        }
        return java.util.Arrays.copyOf(copy, size);
    }

    /** Probabilities, review decisions and labels of a set of images, and the windows made of them. */
    record Scored(GreyImage[] images, float[][] probabilities, boolean[] review, int[] labels) {
        static Scored of(ServedModel model, List<GreyImage> images, int[] labels) {
            float[][] p = model.probabilities(images);
            boolean[] review = new boolean[p.length];
            for (int i = 0; i < p.length; i++) {
                ScoredScan scan = new ScoredScan(p[i], false);
                review[i] = model.manifest().review() != null
                        && !model.manifest().review().accepts((float) scan.topProbability());
            }
            return new Scored(images.toArray(GreyImage[]::new), p, review, labels);
        }

        List<ScoredScan> window(int[] indexes) {
            List<ScoredScan> window = new ArrayList<>(indexes.length);
            for (int i : indexes) {
                window.add(new ScoredScan(probabilities[i], review[i]));
            }
            return window;
        }

        List<WindowScan> windowScans(int[] indexes) {
            List<WindowScan> window = new ArrayList<>(indexes.length);
            for (int i : indexes) {
                window.add(WindowScan.of(images[i], probabilities[i]));
            }
            return window;
        }

        int right(int[] indexes) {
            int right = 0;
            for (int i : indexes) {
                right += new ScoredScan(probabilities[i], false).predicted() == labels[i] ? 1 : 0;
            }
            return right;
        }

        double accuracy(int[] indexes) {
            return (double) right(indexes) / indexes.length;
        }

        double meanTop(int[] indexes) {
            double sum = 0;
            for (int i : indexes) {
                sum += new ScoredScan(probabilities[i], false).topProbability();
            }
            return sum / indexes.length;
        }

        String acceptedAccuracy(int[] indexes) {
            int accepted = 0;
            int right = 0;
            for (int i : indexes) {
                if (!review[i]) {
                    accepted++;
                    right += new ScoredScan(probabilities[i], false).predicted() == labels[i] ? 1 : 0;
                }
            }
            return accepted == 0 ? "-" : right + "/" + accepted;
        }
    }
}
