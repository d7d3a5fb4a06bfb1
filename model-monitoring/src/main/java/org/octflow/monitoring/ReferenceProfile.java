package org.octflow.monitoring;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.octflow.contracts.manifest.ManifestFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a model's scans looked like where it was validated: per image statistic and for the top probability, the
 * sorted values over the reference scans (a KS test needs the sample, not a summary), and the predicted-class counts.
 * Written as JSON beside the model's manifest ({@link #FILE}); the model it belongs to is named in it.
 *
 * @param model      the model's id (name:version), as its manifest gives it
 * @param classes    the model's classes, in output order
 * @param builtFrom  which scans, e.g. "val split of octmnist_partial.npz (sha256 ...), 773 scans"
 * @param samples    sorted values per statistic: every {@link ImageStatistics#NAMES} and {@link #TOP_PROBABILITY}
 */
public record ReferenceProfile(String model, List<String> classes, String builtFrom, int scans,
                               Map<String, double[]> samples, int[] predictedCounts) {
    public static final String FILE = "reference-profile.json";
    public static final String TOP_PROBABILITY = "topProbability";

    public ReferenceProfile {
        classes = List.copyOf(classes);
        samples = Map.copyOf(samples);
        for (String name : statisticNames()) {
            double[] values = samples.get(name);
            if (values == null || values.length != scans) {
                throw new IllegalArgumentException("reference profile of " + model + " lacks " + scans
                        + " values of '" + name + "': rebuild it with this version of model-monitoring");
            }
        }
        if (predictedCounts.length != classes.size()) {
            throw new IllegalArgumentException("reference profile of " + model + " counts " + predictedCounts.length
                    + " predicted classes for the " + classes.size() + " classes " + classes);
        }
    }

    /** The statistics a KS test compares, in the order a verdict lists them. */
    public static List<String> statisticNames() {
        List<String> names = new ArrayList<>(ImageStatistics.NAMES);
        names.add(TOP_PROBABILITY);
        return names;
    }

    /** The profile of {@code scans}, which should be scans the model was not trained on (its validation split). */
    public static ReferenceProfile build(String model, List<String> classes, String builtFrom,
                                         Collection<WindowScan> scans) {
        if (scans.size() < 100) {
            throw new IllegalArgumentException("a reference profile needs 100 scans or more to stand for the"
                    + " validation data; got " + scans.size());
        }
        Map<String, double[]> samples = new LinkedHashMap<>();
        List<String> names = statisticNames();
        for (String name : names) {
            samples.put(name, new double[scans.size()]);
        }
        int[] predicted = new int[classes.size()];
        int i = 0;
        for (WindowScan scan : scans) {
            for (int s = 0; s < ImageStatistics.NAMES.size(); s++) {
                samples.get(names.get(s))[i] = scan.imageStatistics()[s];
            }
            ScoredScan scored = scan.scored();
            samples.get(TOP_PROBABILITY)[i] = scored.topProbability();
            predicted[scored.predicted()]++;
            i++;
        }
        samples.values().forEach(Arrays::sort);
        return new ReferenceProfile(model, classes, builtFrom, scans.size(), samples, predicted);
    }

    /** Writes {@link #FILE} into the model directory. */
    public void writeTo(Path modelDirectory) {
        Path file = modelDirectory.resolve(FILE);
        try {
            mapper().writeValue(file.toFile(), this);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the reference profile " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads {@link #FILE} from a model directory, or says how to make one. */
    public static ReferenceProfile readFrom(Path modelDirectory) {
        Path file = modelDirectory.resolve(FILE);
        if (!Files.exists(file)) {
            throw new IllegalStateException("no " + FILE + " in " + modelDirectory + ": build one from the model's"
                    + " validation scans (./octflow check-monitoring --write-profile)");
        }
        try {
            return mapper().readValue(file.toFile(), ReferenceProfile.class);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the reference profile " + file + ": " + e.getMessage(), e);
        }
    }

    private static ObjectMapper mapper() {
        return ManifestFiles.json().copy().disable(SerializationFeature.INDENT_OUTPUT);
    }
}
