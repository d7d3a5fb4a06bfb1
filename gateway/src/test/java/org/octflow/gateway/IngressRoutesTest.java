package org.octflow.gateway;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.octflow.gateway.support.OctflowStack;
import org.octflow.testkit.RenderedManifests;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.octflow.testkit.RenderedManifests.get;
import static org.octflow.testkit.RenderedManifests.list;
import static org.octflow.testkit.RenderedManifests.map;

/**
 * What the outside world reaches through deploy/k8s/base's Ingress: the page and the API, never {@code /q/*} (health,
 * metrics, OpenAPI), which the kubelet and Prometheus reach inside the cluster. Paths are matched as Kubernetes
 * matches them (Exact, or Prefix by whole path elements).
 */
@QuarkusTest
@WithTestResource(OctflowStack.class)
class IngressRoutesTest {
    private static List<Route> routes;

    record Route(String path, String type) {
        boolean matches(String requested) {
            if (type.equals("Exact")) {
                return requested.equals(path);
            }
            String prefix = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
            return prefix.isEmpty() || requested.equals(prefix) || requested.startsWith(prefix + "/");
        }
    }

    @BeforeAll
    static void render() {
        Assumptions.assumeTrue(RenderedManifests.kubectlAvailable(), "skipped: kubectl is not installed");
        RenderedManifests base = RenderedManifests.render(RenderedManifests.deployDirectory().resolve("base"));
        routes = new ArrayList<>();
        for (Object rule : list(get(base.require("Ingress", "gateway"), "spec.rules"))) {
            for (Object path : list(get(map(rule), "http.paths"))) {
                Map<String, Object> each = map(path);
                routes.add(new Route(String.valueOf(each.get("path")), String.valueOf(each.get("pathType"))));
            }
        }
    }

    @Test
    void noPathUnderQIsReachableFromOutside() {
        for (String internal : List.of("/q/health/ready", "/q/health/live", "/q/metrics", "/q/openapi",
                "/q/swagger-ui/", "/q/dev-ui", "/q")) {
            assertThat(routes).as("routes reaching %s", internal).noneMatch(route -> route.matches(internal));
        }
    }

    @Test
    void thePageAndTheApiAreReachableAndNothingElse() {
        assertThat(routes).allSatisfy(route -> assertThat(route.type().equals("Exact")
                || route.path().replaceAll("/$", "").equals("/api"))
                .as("%s %s: only the API is routed by prefix", route.type(), route.path()).isTrue());
        for (String page : List.of("/", "/app.js", "/review.js", "/exams.js", "/style.css")) {
            assertThat(routes).as("routes reaching %s", page).anyMatch(route -> route.matches(page));
        }
        assertThat(routes).anyMatch(route -> route.matches("/api/v1/predictions"));
        routes.stream().filter(route -> route.type().equals("Exact"))
                .forEach(route -> given().get(route.path()).then().statusCode(200));
    }
}
