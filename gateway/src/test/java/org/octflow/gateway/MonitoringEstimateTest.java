package org.octflow.gateway;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.octflow.contracts.v1.Decision;
import org.octflow.contracts.v1.ModelRef;
import org.octflow.contracts.v1.Scan;
import org.octflow.contracts.v1.ScanBatch;
import org.octflow.gateway.monitoring.EstimateGauges;
import org.octflow.gateway.monitoring.PreviewStatistics;
import org.octflow.monitoring.ReferenceProfile;
import org.octflow.monitoring.WindowScan;
import org.octflow.gateway.support.Api;
import org.octflow.gateway.support.ImagingSystem;
import org.octflow.gateway.support.OctflowStack;
import org.octflow.gateway.support.Rows;
import org.octflow.gateway.support.TestImages;
import org.octflow.gateway.support.TestWorker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

/**
 * {@code GET /api/v1/monitoring/estimate}: the label-free estimate of a window of stored predictions (the mean top
 * probability, as model-monitoring's AccuracyEstimator computes it) beside the accuracy reviewers measured. Windows
 * are built from predictions whose probabilities are chosen, so every expected figure is known exactly.
 */
@QuarkusTest
@WithTestResource(OctflowStack.class)
class MonitoringEstimateTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final double FLOAT = 1e-6;

    @ConfigProperty(name = "octflow.kafka.bootstrap-servers")
    String bootstrapServers;
    @Inject
    AgroalDataSource dataSource;
    @Inject
    EstimateGauges estimateGauges;
    @Inject
    PreviewStatistics previewStatistics;

    @Test
    void expectedAccuracyIsTheMeanTopProbabilityAndReviewShareIsObserved() {
        ModelRef model = model();
        served(model, "CNV", 0.9, Decision.AUTO_ACCEPT, 20, Map.of());
        served(model, "DME", 0.5, Decision.REVIEW, 20, Map.of());

        JsonPath group = onlyGroup(estimate(Map.of("modelVersion", model.getVersion())));

        assertThat(group.getList("classes", String.class)).isEqualTo(TestWorker.LABELS);
        assertThat(group.getInt("estimate.scans")).isEqualTo(40);
        assertThat(group.getDouble("estimate.expectedAccuracy")).isCloseTo(0.7, within(FLOAT));
        assertThat(group.getDouble("estimate.accuracyInterval.lower")).isBetween(0.5, 0.7);
        assertThat(group.getDouble("estimate.accuracyInterval.upper")).isBetween(0.7, 0.9);
        assertThat(group.getDouble("estimate.reviewShare")).isCloseTo(0.5, within(FLOAT));
        assertThat(group.getDouble("estimate.expectedAcceptedAccuracy")).isCloseTo(0.9, within(FLOAT));
        // CNV: predicted 20 at 0.9; its support is 20 x 0.9 + 20 x 0.5/3, its recall 18 / that.
        assertThat(group.getDouble("estimate.perClass[0].expectedPrecision")).isCloseTo(0.9, within(FLOAT));
        assertThat(group.getDouble("estimate.perClass[0].expectedSupport")).isCloseTo(18 + 20 / 6.0, within(1e-4));
        assertThat(group.getDouble("estimate.perClass[0].expectedRecall")).isCloseTo(18 / (18 + 20 / 6.0),
                within(1e-4));
        assertThat(group.getDouble("estimate.perClass[1].expectedPrecision")).isCloseTo(0.5, within(FLOAT));
        assertThat(group.getInt("estimate.perClass[2].predicted")).isZero();
    }

    @Test
    void reviewedAccuracyCountsEachScansLatestReviewAndSaysWhenThereAreTooFew() {
        ModelRef model = model();
        List<String> scans = served(model, "DME", 0.5, Decision.REVIEW, 10, Map.of());
        IntStream.range(0, 7).forEach(i -> review(scans.get(i), "DME"));
        IntStream.range(7, 10).forEach(i -> review(scans.get(i), "CNV"));
        review(scans.get(0), "CNV");          // the latest review decides: scan 0 is now a correction ...
        review(scans.get(9), "DME");          // ... and scan 9 a confirmation

        JsonPath group = onlyGroup(estimate(Map.of("modelVersion", model.getVersion())));

        assertThat(group.getInt("reviewed.accuracy.count")).isEqualTo(7);
        assertThat(group.getInt("reviewed.accuracy.of")).isEqualTo(10);
        assertThat(group.getDouble("reviewed.accuracy.share")).isCloseTo(0.7, within(FLOAT));
        // Wilson 95 % for 7 of 10.
        assertThat(group.getDouble("reviewed.accuracy.low")).isCloseTo(0.3968, within(1e-3));
        assertThat(group.getDouble("reviewed.accuracy.high")).isCloseTo(0.8922, within(1e-3));
        assertThat(group.getInt("reviewed.minReviewed")).isEqualTo(30);
        assertThat(group.getBoolean("reviewed.enough")).isFalse();
    }

    @Test
    void groupsBySiteWithinAModelVersionAndFiltersBySite() {
        ModelRef model = model();
        String site = "site-" + UUID.randomUUID();
        served(model, "CNV", 0.9, Decision.AUTO_ACCEPT, 5, Map.of("site", site, "device", "oct-1"));
        served(model, "CNV", 0.6, Decision.REVIEW, 5, Map.of("site", "other", "device", "oct-1"));

        JsonPath bySite = estimate(Map.of("modelVersion", model.getVersion(), "groupBy", "site"));
        assertThat(bySite.getList("groups.site", String.class)).containsExactly("other", site);
        assertThat(bySite.getDouble("groups[0].estimate.expectedAccuracy")).isCloseTo(0.6, within(FLOAT));
        assertThat(bySite.getDouble("groups[1].estimate.expectedAccuracy")).isCloseTo(0.9, within(FLOAT));

        JsonPath oneSite = estimate(Map.of("modelVersion", model.getVersion(), "site", site));
        assertThat(onlyGroup(oneSite).getDouble("estimate.expectedAccuracy")).isCloseTo(0.9, within(FLOAT));
        assertThat(oneSite.getInt("predictions")).isEqualTo(5);
    }

    @Test
    void statesItsCapAndItsTimeWindowAndItsLimit() {
        ModelRef model = model();
        Instant before = Instant.now().minusSeconds(3600);
        served(model, "CNV", 0.8, Decision.AUTO_ACCEPT, 3, Map.of(), before);
        served(model, "CNV", 0.6, Decision.AUTO_ACCEPT, 2, Map.of(), Instant.now());

        JsonPath recent = estimate(Map.of("modelVersion", model.getVersion(),
                "from", before.plusSeconds(60).toString()));
        assertThat(recent.getInt("cap")).isEqualTo(5000);
        assertThat(recent.getBoolean("capped")).isFalse();
        assertThat(recent.getInt("predictions")).isEqualTo(2);
        assertThat(onlyGroup(recent).getDouble("estimate.expectedAccuracy")).isCloseTo(0.6, within(FLOAT));
        assertThat(recent.getString("limit")).contains("calibrated");

        JsonPath none = estimate(Map.of("modelVersion", "never-served-" + UUID.randomUUID()));
        assertThat(none.getInt("predictions")).isZero();
        assertThat(none.getList("groups")).isEmpty();
    }

    @Test
    void exportsTheLastWindowsEstimatePerModelVersionAndBusiestSitesAsGauges() {
        ModelRef model = model();
        String site = "site-" + UUID.randomUUID();
        served(model, "CNV", 0.9, Decision.AUTO_ACCEPT, 30, Map.of("site", site));
        served(model, "DME", 0.6, Decision.REVIEW, 10, Map.of());
        List<String> reviewed = served(model, "CNV", 0.8, Decision.AUTO_ACCEPT, 30, Map.of("site", site));
        reviewed.subList(0, 24).forEach(scan -> review(scan, "CNV"));
        reviewed.subList(24, 30).forEach(scan -> review(scan, "NORMAL"));

        estimateGauges.update();

        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        String all = "{model_name=\"octmnist-cnn\",model_version=\"" + model.getVersion() + "\",site=\"all\"}";
        String atSite = "{model_name=\"octmnist-cnn\",model_version=\"" + model.getVersion() + "\",site=\"" + site
                + "\"}";
        String scansWithoutSite = "{model_name=\"octmnist-cnn\",model_version=\"" + model.getVersion()
                + "\",site=\"none\"}";
        // (30 x 0.9 + 10 x 0.6 + 30 x 0.8) / 70
        assertThat(value(metrics, "octflow_gateway_estimated_accuracy" + all)).isCloseTo(57.0 / 70, within(FLOAT));
        assertThat(value(metrics, "octflow_gateway_estimated_accuracy_lower" + all)).isLessThan(57.0 / 70);
        assertThat(value(metrics, "octflow_gateway_estimated_accuracy_upper" + all)).isGreaterThan(57.0 / 70);
        assertThat(value(metrics, "octflow_gateway_review_share" + all)).isCloseTo(10.0 / 70, within(FLOAT));
        assertThat(value(metrics, "octflow_gateway_estimate_scans" + all)).isEqualTo(70);
        assertThat(value(metrics, "octflow_gateway_reviewed_scans" + all)).isEqualTo(30);
        assertThat(value(metrics, "octflow_gateway_reviewed_accuracy" + all)).isCloseTo(0.8, within(FLOAT));
        assertThat(value(metrics, "octflow_gateway_estimated_accuracy" + atSite)).isCloseTo(0.85, within(FLOAT));
        assertThat(value(metrics, "octflow_gateway_estimated_accuracy" + scansWithoutSite))
                .isCloseTo(0.6, within(FLOAT));
        // The alert's baseline: the served model's validation accuracy, from its manifest.
        assertThat(metrics).containsPattern("octflow_gateway_model_validation_accuracy\\{model_name=\"octmnist-cnn\","
                + "model_version=\"[^\"]+\"} 0\\.79");
    }

    @Test
    void aGaugeWhoseGroupLeftTheWindowIsRemoved() {
        ModelRef model = model();
        // Predicted 5 s before the hour-long window (octflow.monitoring.gauges.window) stops reaching it.
        served(model, "CNV", 0.9, Decision.AUTO_ACCEPT, 3, Map.of(), Instant.now().minus(Duration.ofHours(1))
                .plusSeconds(5));
        String gauge = "octflow_gateway_estimated_accuracy{model_name=\"octmnist-cnn\",model_version=\""
                + model.getVersion() + "\",site=\"all\"}";

        estimateGauges.update();
        assertThat(value(given().get("/q/metrics").asString(), gauge)).isCloseTo(0.9, within(FLOAT));

        await().atMost(TIMEOUT).untilAsserted(() -> {
            estimateGauges.update();
            assertThat(given().get("/q/metrics").asString()).doesNotContain(gauge);
        });
    }

    @Test
    void aSitesScansUnlikeTheReferenceMarkItsEstimateUntrustworthy() throws Exception {
        ModelRef model = model();
        // The reference: 100 scans stored as any scan is, their statistics taken as the gateway takes them.
        List<String> reference = servedImages(model, 100, 0, Map.of("site", "reference-" + UUID.randomUUID()));
        Map<String, double[]> statistics = previewStatistics.of(reference);
        assertThat(statistics).hasSize(100);
        List<WindowScan> scans = reference.stream().map(id -> new WindowScan(statistics.get(id),
                probabilities(reference.indexOf(id)))).toList();
        Path dir = Path.of("target/test-profiles", model.getVersion());
        Files.createDirectories(dir);
        ReferenceProfile.build(model.getName() + ":" + model.getVersion(), TestWorker.LABELS, "100 test scans", scans)
                .writeTo(dir);
        String alike = "alike-" + UUID.randomUUID();
        String brighter = "brighter-" + UUID.randomUUID();
        servedImages(model, 40, 0, Map.of("site", alike));
        servedImages(model, 40, 90, Map.of("site", brighter));

        JsonPath bySite = estimate(Map.of("modelVersion", model.getVersion(), "groupBy", "site"));

        JsonPath alikeGroup = group(bySite, alike);
        assertThat(alikeGroup.getString("drift.status")).isEqualTo("TESTED");
        assertThat(alikeGroup.getBoolean("drift.verdict.drifted")).isFalse();
        assertThat(alikeGroup.getBoolean("trustworthy")).isTrue();
        JsonPath brighterGroup = group(bySite, brighter);
        assertThat(brighterGroup.getBoolean("drift.verdict.drifted")).isTrue();
        assertThat(brighterGroup.getList("drift.verdict.driftedStatistics", String.class)).contains("mean");
        assertThat(brighterGroup.getBoolean("trustworthy")).isFalse();
        assertThat(brighterGroup.getDouble("estimate.expectedAccuracy")).isCloseTo(0.8, within(FLOAT));

        estimateGauges.update();
        String metrics = given().get("/q/metrics").asString();
        String tags = "{model_name=\"octmnist-cnn\",model_version=\"" + model.getVersion() + "\",site=\"";
        assertThat(value(metrics, "octflow_gateway_drift_detected" + tags + brighter + "\"}")).isEqualTo(1);
        assertThat(value(metrics, "octflow_gateway_drift_detected" + tags + alike + "\"}")).isZero();
    }

    @Test
    void withoutAReferenceProfileTheAnswerSaysSoAndStillEstimates() {
        ModelRef model = model();
        served(model, "CNV", 0.9, Decision.AUTO_ACCEPT, 3, Map.of());

        JsonPath group = onlyGroup(estimate(Map.of("modelVersion", model.getVersion())));

        assertThat(group.getString("drift.status")).isEqualTo("NO_PROFILE");
        assertThat(group.getString("drift.note")).contains("reference-profile.json", "--write-profile");
        assertThat(group.getBoolean("trustworthy")).isTrue();
        assertThat(group.getDouble("estimate.expectedAccuracy")).isCloseTo(0.9, within(FLOAT));
    }

    private static JsonPath group(JsonPath answer, String site) {
        int i = answer.getList("groups.site", String.class).indexOf(site);
        assertThat(i).as("a group for site %s", site).isNotNegative();
        return JsonPath.from(answer.prettify()).setRootPath("groups[" + i + "]");
    }

    /** Scan i's probabilities: CNV 0.9 and DME 0.7 in turn, the same mix in every window. */
    private static float[] probabilities(int i) {
        return i % 2 == 0 ? new float[] {0.9f, 0.1f / 3, 0.1f / 3, 0.1f / 3}
                : new float[] {0.1f, 0.7f, 0.1f, 0.1f};
    }

    /**
     * {@code count} smooth grey scans (a ramp of random slope and level, plus {@code brighter} grey levels) sent straight
     * to Kafka, predicted as {@link #probabilities} says; returns once each is stored with its preview.
     */
    private List<String> servedImages(ModelRef model, int count, int brighter, Map<String, String> metadata)
            throws Exception {
        java.util.Random random = new java.util.Random(count * 31L + brighter);
        Scan[] scans = new Scan[count];
        for (int i = 0; i < count; i++) {
            scans[i] = ImagingSystem.png(ramp(random, brighter), metadata);
        }
        ScanBatch batch = ImagingSystem.batch(scans);
        TestWorker worker = new TestWorker(bootstrapServers);
        worker.publishScanBatch(batch);
        var answer = TestWorker.predict(batch, "CNV", 0.9, model, Instant.now()).toBuilder();
        for (int i = 0; i < count; i++) {
            var prediction = answer.getPredictionsBuilder(i).getPredictionBuilder().clearProbabilities();
            float[] p = probabilities(i);
            prediction.setLabel(TestWorker.LABELS.get(i % 2)).setLabelIndex(i % 2);
            for (int c = 0; c < p.length; c++) {
                prediction.addProbabilities(org.octflow.contracts.v1.ClassProbability.newBuilder()
                        .setLabel(TestWorker.LABELS.get(c)).setProbability(p[c]));
            }
        }
        worker.publish(answer.build());
        await().atMost(TIMEOUT).until(() -> Rows.count(dataSource, "SELECT count(*) FROM prediction p JOIN scan_preview v"
                + " ON v.scan_id = p.scan_id WHERE p.batch_id = ?", batch.getBatchId()) == count);
        return batch.getScansList().stream().map(Scan::getScanId).toList();
    }

    private static byte[] ramp(java.util.Random random, int brighter) throws java.io.IOException {
        int level = 60 + random.nextInt(60) + brighter;
        double slope = random.nextDouble();
        var image = new java.awt.image.BufferedImage(64, 64, java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                image.getRaster().setSample(x, y, 0, Math.min(255, (int) (level + slope * y)));
            }
        }
        var out = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    @Test
    void refusesAnUnknownGroupingAndAnyoneWithoutAKey() {
        Api.asReader().queryParam("groupBy", "patient").get("/api/v1/monitoring/estimate").then().statusCode(400)
                .body("message", containsString("use modelVersion, site or device"));
        given().get("/api/v1/monitoring/estimate").then().statusCode(401);
    }

    /** The value of the one series {@code series} (name and tags, as exposed) in a Prometheus exposition. */
    private static double value(String exposition, String series) {
        return exposition.lines().filter(line -> line.startsWith(series + " ")).findFirst()
                .map(line -> Double.parseDouble(line.substring(series.length() + 1).trim()))
                .orElseThrow(() -> new AssertionError("no series " + series));
    }

    private static JsonPath estimate(Map<String, String> query) {
        return Api.asReader().queryParams(query).get("/api/v1/monitoring/estimate").then().statusCode(200).extract()
                .jsonPath();
    }

    private static JsonPath onlyGroup(JsonPath answer) {
        assertThat(answer.getList("groups")).hasSize(1);
        return JsonPath.from(answer.prettify()).setRootPath("groups[0]");
    }

    private static void review(String scanId, String label) {
        Api.asReviewer().contentType("application/json").body(Map.of("label", label))
                .post("/api/v1/scans/" + scanId + "/reviews").then().statusCode(201);
    }

    /** A model version of its own, so that each test's window holds only its scans. */
    private static ModelRef model() {
        return TestWorker.MODEL.toBuilder().setVersion("monitoring-" + UUID.randomUUID()).build();
    }

    private List<String> served(ModelRef model, String label, double top, Decision decision, int count,
                                Map<String, String> metadata) {
        return served(model, label, top, decision, count, metadata, Instant.now());
    }

    /**
     * {@code count} scans sent straight to Kafka with {@code metadata}, each predicted {@code label} with probability
     * {@code top} (the rest spread evenly) and {@code decision}, at {@code at}; returns once all are stored.
     */
    private List<String> served(ModelRef model, String label, double top, Decision decision, int count,
                                Map<String, String> metadata, Instant at) {
        Scan[] scans = IntStream.range(0, count).mapToObj(i -> ImagingSystem.png(TestImages.png(16, 16), metadata))
                .toArray(Scan[]::new);
        ScanBatch batch = ImagingSystem.batch(scans);
        TestWorker worker = new TestWorker(bootstrapServers);
        worker.publishScanBatch(batch);
        worker.publish(TestWorker.decided(TestWorker.predict(batch, label, top, model, at), decision));
        List<String> ids = batch.getScansList().stream().map(Scan::getScanId).toList();
        String table = metadata.isEmpty() ? "prediction" : "scan_site_device";
        await().atMost(TIMEOUT).until(() -> Rows.count(dataSource, "SELECT count(*) FROM prediction p JOIN " + table
                + " t ON t.scan_id = p.scan_id WHERE p.batch_id = ?", batch.getBatchId()) == count);
        return ids;
    }
}
