package org.octflow.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import org.octflow.testkit.RenderedManifests;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Map.entry;

/**
 * Rendered objects read into the typed models that Kubernetes clients and the operators themselves use (fabric8's
 * Kubernetes and Prometheus Operator models, Strimzi's own {@code api} module). Those models keep a field they do not
 * know instead of failing, so every kept field is reported by its path: a misspelt key that {@code kubectl apply}
 * would drop or reject is found here. So is a field the model marks deprecated: Strimzi removes its deprecated fields
 * from its {@code v1} API (the only one Strimzi 1.0 serves), and a deprecated Kubernetes field is on its way out.
 */
final class TypedManifests {
    private static final Map<String, Class<?>> MODELS = Map.ofEntries(
            entry("v1/Namespace", Namespace.class),
            entry("v1/ConfigMap", ConfigMap.class),
            entry("v1/Secret", Secret.class),
            entry("v1/Service", Service.class),
            entry("apps/v1/Deployment", Deployment.class),
            entry("apps/v1/StatefulSet", StatefulSet.class),
            entry("batch/v1/Job", Job.class),
            entry("networking.k8s.io/v1/Ingress", Ingress.class),
            entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            entry("monitoring.coreos.com/v1/PodMonitor", PodMonitor.class),
            entry("monitoring.coreos.com/v1/PrometheusRule", PrometheusRule.class),
            entry("kafka.strimzi.io/v1/Kafka", Kafka.class),
            entry("kafka.strimzi.io/v1/KafkaNodePool", KafkaNodePool.class),
            entry("kafka.strimzi.io/v1/KafkaTopic", KafkaTopic.class),
            entry("kafka.strimzi.io/v1/KafkaUser", KafkaUser.class));

    /**
     * Kinds no typed model on Maven Central covers: KEDA and CloudNativePG publish their schemas only as CRD YAML in
     * their repositories. The other tests check what the apps rely on in them.
     */
    static final Set<String> WITHOUT_MODEL = Set.of("keda.sh/v1alpha1/ScaledObject",
            "keda.sh/v1alpha1/TriggerAuthentication", "postgresql.cnpg.io/v1/Cluster",
            "postgresql.cnpg.io/v1/ScheduledBackup", "barmancloud.cnpg.io/v1/ObjectStore");

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern INDEX = Pattern.compile("\\[(\\d+)]");

    private TypedManifests() {
    }

    /** {@code apiVersion/kind}, as this class names a type. */
    static String typeOf(Map<String, Object> object) {
        return object.get("apiVersion") + "/" + object.get("kind");
    }

    static Optional<Class<?>> modelOf(Map<String, Object> object) {
        return Optional.ofNullable(MODELS.get(typeOf(object)));
    }

    /**
     * What the typed model finds wrong with one rendered object: a value it cannot read (a word where a number
     * belongs), and every field it does not know, by path. Empty when the object reads cleanly; a failure for a kind
     * without a model.
     */
    static List<String> problems(Map<String, Object> object) {
        String name = typeOf(object) + " " + RenderedManifests.get(object, "metadata.name");
        Class<?> model = modelOf(object).orElseThrow(() -> new IllegalArgumentException("no typed model for "
                + typeOf(object)));
        Object typed;
        try {
            typed = MAPPER.convertValue(object, model);
        } catch (IllegalArgumentException e) {
            return List.of(name + ": " + e.getMessage().lines().findFirst().orElse(""));
        }
        List<String> problems = new ArrayList<>();
        walk(typed, object, "", problems, Collections.newSetFromMap(new IdentityHashMap<>()));
        return problems.stream().map(p -> name + ": " + p).toList();
    }

    /** Reports, under {@code path}, the fields {@code node} kept unread and those it read that its model deprecates. */
    private static void walk(Object node, Map<String, Object> source, String path, List<String> found,
                             Set<Object> seen) {
        if (node == null || !seen.add(node)) {
            return;
        }
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> walk(value, source, path + "." + key, found, seen));
            return;
        }
        if (node instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                walk(item, source, path + "[" + i++ + "]", found, seen);
            }
            return;
        }
        String type = node.getClass().getName();
        if (!type.startsWith("io.fabric8.") && !type.startsWith("io.strimzi.")) {
            return; // strings, numbers, enums: their values were read above
        }
        for (Method getter : node.getClass().getMethods()) {
            if (Modifier.isStatic(getter.getModifiers()) || getter.isBridge() || getter.getParameterCount() != 0
                    || getter.getDeclaringClass() == Object.class || !getter.getName().startsWith("get")) {
                continue;
            }
            Object value = invoke(getter, node);
            if (getter.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    extra.keySet().forEach(key -> found.add("unknown field "
                            + (path.isEmpty() ? "" : path.substring(1) + ".") + key));
                }
                continue;
            }
            String field = path + "." + property(getter);
            // Only what the manifest wrote: a model may fill a deprecated field from its replacement.
            if (value != null && isDeprecated(getter, value) && written(source, field.substring(1))) {
                found.add("deprecated field " + field.substring(1) + " (" + getter.getDeclaringClass().getSimpleName()
                        + " marks it deprecated: use its replacement)");
            }
            walk(value, source, field, found, seen);
        }
    }

    /** Whether the manifest itself holds {@code path} ({@code spec.acls[0].operation}). */
    static boolean written(Object tree, String path) {
        Object node = tree;
        for (String step : path.split("\\.")) {
            String key = INDEX.matcher(step).replaceAll("");
            if (!(node instanceof Map<?, ?> m) || !m.containsKey(key)) {
                return false;
            }
            node = m.get(key);
            Matcher index = INDEX.matcher(step);
            while (index.find()) {
                int i = Integer.parseInt(index.group(1));
                if (!(node instanceof List<?> l) || i >= l.size()) {
                    return false;
                }
                node = l.get(i);
            }
        }
        return true;
    }

    private static boolean isDeprecated(Method getter, Object value) {
        return getter.isAnnotationPresent(Deprecated.class) || value.getClass().isAnnotationPresent(Deprecated.class);
    }

    private static Object invoke(Method getter, Object node) {
        try {
            return getter.invoke(node);
        } catch (IllegalAccessException | InvocationTargetException e) {
            return null; // a derived view the model cannot compute for this object: nothing read from the manifest
        }
    }

    private static String property(Method getter) {
        String name = getter.getName().substring(3);
        return name.isEmpty() ? name : Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }
}
