package org.octflow.testkit;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The Kubernetes objects {@code kubectl kustomize} renders from a directory of {@code deploy/k8s}, as YAML trees, so
 * tests can check them against the apps and the contracts (there is no cluster to apply them to here).
 */
public final class RenderedManifests {
    private final Path directory;
    private final List<Map<String, Object>> objects;

    private RenderedManifests(Path directory, List<Map<String, Object>> objects) {
        this.directory = directory;
        this.objects = objects;
    }

    /** The repository's {@code deploy/k8s} from a module's directory (where Maven runs its tests). */
    public static Path deployDirectory() {
        return Path.of("..", "deploy", "k8s").toAbsolutePath().normalize();
    }

    /** True when kubectl (with its kustomize) is on the PATH; tests skip with a message otherwise. */
    public static boolean kubectlAvailable() {
        try {
            Process process = new ProcessBuilder("kubectl", "version", "--client").redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** {@code kubectl kustomize <directory>}, parsed. */
    public static RenderedManifests render(Path directory) {
        try {
            Process process = new ProcessBuilder("kubectl", "kustomize", directory.toString()).redirectErrorStream(true)
                    .start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("kubectl kustomize " + directory + " failed:\n" + out);
            }
            List<Map<String, Object>> objects = new ArrayList<>();
            for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(out)) {
                if (document != null) {
                    objects.add(map(document));
                }
            }
            return new RenderedManifests(directory, objects);
        } catch (IOException e) {
            throw new UncheckedIOException("could not run kubectl kustomize " + directory, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while rendering " + directory, e);
        }
    }

    public List<Map<String, Object>> all() {
        return objects;
    }

    public Stream<Map<String, Object>> ofKind(String kind) {
        return objects.stream().filter(o -> kind.equals(o.get("kind")));
    }

    public Optional<Map<String, Object>> find(String kind, String name) {
        return ofKind(kind).filter(o -> name.equals(get(o, "metadata.name"))).findFirst();
    }

    /** The object, or a failure naming what is missing where. */
    public Map<String, Object> require(String kind, String name) {
        return find(kind, name).orElseThrow(() -> new AssertionError("no " + kind + " " + name + " rendered from "
                + directory));
    }

    /** The containers of every workload (Deployment, StatefulSet, Job): the pod template's. */
    public List<Map<String, Object>> containers(Map<String, Object> workload) {
        return list(get(workload, "spec.template.spec.containers")).stream().map(RenderedManifests::map).toList();
    }

    /**
     * A container's environment as Kubernetes assembles it: the ConfigMaps it takes whole, then its own values, which
     * win. A variable taken from elsewhere (a secret, a pod field) gets what {@code standIn} answers for its
     * {@code valueFrom}, or is left out when that is null.
     */
    public Map<String, String> environment(Map<String, Object> container,
                                           java.util.function.Function<Map<String, Object>, String> standIn) {
        Map<String, String> env = new java.util.TreeMap<>();
        for (Object from : list(container.get("envFrom"))) {
            map(get(require("ConfigMap", String.valueOf(get(map(from), "configMapRef.name"))), "data"))
                    .forEach((name, value) -> env.put(name, String.valueOf(value)));
        }
        for (Object entry : list(container.get("env"))) {
            Map<String, Object> variable = map(entry);
            String value = variable.containsKey("value") ? String.valueOf(variable.get("value"))
                    : standIn.apply(map(variable.get("valueFrom")));
            if (value != null) {
                env.put(String.valueOf(variable.get("name")), value);
            }
        }
        return env;
    }

    public Stream<Map<String, Object>> workloads() {
        return objects.stream().filter(o -> List.of("Deployment", "StatefulSet", "DaemonSet", "Job")
                .contains(o.get("kind")));
    }

    /**
     * Every {@code octflow_*} metric name the alert rules (PrometheusRule) and the dashboards (ConfigMaps with a
     * {@code .json} file) query: what the apps must export.
     */
    public java.util.SortedSet<String> metricNamesQueried() {
        StringBuilder queries = new StringBuilder();
        ofKind("PrometheusRule").forEach(rule -> list(get(rule, "spec.groups")).forEach(group ->
                list(map(group).get("rules")).forEach(r -> queries.append(map(r).get("expr")).append('\n'))));
        ofKind("ConfigMap").forEach(configMap -> map(configMap.get("data")).forEach((file, content) -> {
            if (file.endsWith(".json")) {
                queries.append(content).append('\n');
            }
        }));
        java.util.SortedSet<String> names = new java.util.TreeSet<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\b(octflow_[a-z0-9_]+)").matcher(queries);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** The series names in a Prometheus text exposition (what an app's metrics endpoint returns). */
    public static java.util.Set<String> seriesNames(String exposition) {
        return exposition.lines().filter(line -> !line.startsWith("#") && !line.isBlank())
                .map(line -> line.split("[{ ]", 2)[0]).collect(java.util.stream.Collectors.toSet());
    }

    /** A dotted path into the tree ({@code spec.template.spec}); null where it ends early. */
    public static Object get(Map<String, Object> tree, String path) {
        Object node = tree;
        for (String key : path.split("\\.")) {
            if (!(node instanceof Map<?, ?> m)) {
                return null;
            }
            node = m.get(key);
        }
        return node;
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Object node) {
        return node == null ? Map.of() : (Map<String, Object>) node;
    }

    @SuppressWarnings("unchecked")
    public static List<Object> list(Object node) {
        return node == null ? List.of() : (List<Object>) node;
    }
}
