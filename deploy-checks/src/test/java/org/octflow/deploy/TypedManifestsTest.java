package org.octflow.deploy;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.octflow.testkit.RenderedManifests;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.octflow.testkit.RenderedManifests.get;
import static org.octflow.testkit.RenderedManifests.list;
import static org.octflow.testkit.RenderedManifests.map;

/**
 * Every object {@code deploy/k8s} renders, in every directory a platform team applies, is read by the typed model of
 * its kind (Kubernetes', the Prometheus Operator's, Strimzi's) without a value it cannot read or a field it does not
 * know.
 */
class TypedManifestsTest {
    private static final List<String> DIRECTORIES = List.of("kafka", "database", "base", "overlays/gpu",
            "overlays/external-db");
    private static final Map<String, RenderedManifests> RENDERED = new LinkedHashMap<>();

    @BeforeAll
    static void render() {
        Assumptions.assumeTrue(RenderedManifests.kubectlAvailable(), "skipped: kubectl is not installed");
        DIRECTORIES.forEach(d -> RENDERED.put(d, RenderedManifests.render(RenderedManifests.deployDirectory()
                .resolve(d))));
    }

    @Test
    void everyRenderedObjectReadsCleanlyIntoTheTypedModelOfItsKind() {
        List<String> problems = new ArrayList<>();
        Set<String> withoutModel = new TreeSet<>();
        int typed = 0;
        for (Map.Entry<String, RenderedManifests> directory : RENDERED.entrySet()) {
            for (Map<String, Object> object : directory.getValue().all()) {
                if (TypedManifests.modelOf(object).isEmpty()) {
                    withoutModel.add(TypedManifests.typeOf(object));
                    continue;
                }
                typed++;
                TypedManifests.problems(object).forEach(p -> problems.add(directory.getKey() + ": " + p));
            }
        }
        assertThat(problems).as("what the typed models could not read").isEmpty();
        assertThat(typed).as("objects read into a typed model").isGreaterThanOrEqualTo(70);
        assertThat(withoutModel).as("kinds without a typed model are only the known ones (add a new kind's model)")
                .isSubsetOf(TypedManifests.WITHOUT_MODEL);
    }

    @Test
    void aMisspeltFieldIsReportedWithItsPath() {
        Map<String, Object> worker = copy(RENDERED.get("base").require("StatefulSet", "inference-worker"));
        Map<String, Object> container = map(list(get(worker, "spec.template.spec.containers")).get(0));
        map(container.get("securityContext")).put("readOnlyRootFileSystem", true);

        assertThat(TypedManifests.problems(worker)).singleElement().asString()
                .contains("StatefulSet inference-worker")
                .contains("unknown field spec.template.spec.containers[0].securityContext.readOnlyRootFileSystem");
    }

    @Test
    void aValueOfTheWrongTypeIsReported() {
        Map<String, Object> gateway = copy(RENDERED.get("base").require("Deployment", "gateway"));
        map(gateway.get("spec")).put("revisionHistoryLimit", "ten");

        assertThat(TypedManifests.problems(gateway)).singleElement().asString().contains("Deployment gateway")
                .contains("ten");
    }

    @Test
    void aStrimziResourceIsCheckedAgainstStrimzisOwnModel() {
        Map<String, Object> topic = copy(RENDERED.get("kafka").ofKind("KafkaTopic").findFirst().orElseThrow());
        map(topic.get("spec")).put("partition", 12);

        assertThat(TypedManifests.problems(topic)).singleElement().asString().contains("unknown field spec.partition");
    }

    @Test
    void aFieldStrimziDeprecatedIsRefusedBecauseItsV1ApiRemovedIt() {
        Map<String, Object> user = copy(RENDERED.get("base").require("KafkaUser", "octflow-worker"));
        Map<String, Object> acl = map(list(get(user, "spec.authorization.acls")).get(0));
        acl.remove("operations");
        acl.put("operation", "Read");

        assertThat(TypedManifests.problems(user)).singleElement().asString()
                .contains("KafkaUser octflow-worker")
                .contains("deprecated field spec.authorization.acls[0].operation");
    }

    @Test
    void everyStrimziResourceUsesTheV1ApiTheOnlyOneStrimzi1Serves() {
        List<String> older = RENDERED.values().stream().flatMap(r -> r.all().stream())
                .filter(o -> TypedManifests.typeOf(o).startsWith("kafka.strimzi.io/"))
                .map(TypedManifests::typeOf).filter(t -> !t.startsWith("kafka.strimzi.io/v1/")).toList();
        assertThat(older).isEmpty();
    }

    @Test
    void aPathIsWrittenOnlyWhereTheManifestHoldsIt() {
        Map<String, Object> tree = Map.of("spec", Map.of("acls", List.of(Map.of("operation", "Read"))));
        assertThat(TypedManifests.written(tree, "spec.acls[0].operation")).isTrue();
        assertThat(TypedManifests.written(tree, "spec.acls[1].operation")).isFalse();
        assertThat(TypedManifests.written(tree, "spec.acls[0].operations")).isFalse();
    }

    /** A deep copy of a rendered tree, so a test can spoil it without touching the others' rendering. */
    @SuppressWarnings("unchecked")
    private static <T> T copy(T node) {
        if (node instanceof Map<?, ?> m) {
            Map<String, Object> copy = new LinkedHashMap<>();
            m.forEach((k, v) -> copy.put(String.valueOf(k), copy(v)));
            return (T) copy;
        }
        if (node instanceof List<?> l) {
            return (T) new ArrayList<>(l.stream().map(TypedManifestsTest::copy).toList());
        }
        return node;
    }
}
