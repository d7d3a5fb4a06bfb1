package org.octflow.gateway;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import io.restassured.response.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.octflow.contracts.manifest.ManifestFiles;
import org.octflow.contracts.manifest.ModelManifest;
import org.octflow.contracts.v1.ImageEncoding;
import org.octflow.gateway.support.Api;
import org.octflow.gateway.support.DatabaseOutage;
import org.octflow.gateway.support.InferenceWorkers;
import org.octflow.gateway.support.OctflowStack;
import org.octflow.gateway.support.TestImages;
import org.octflow.preprocessing.ScanPreprocessor;
import org.octflow.testkit.TestModels;
import org.octflow.worker.Worker;

import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

/**
 * The Open Inference Protocol (KServe v2) on the gateway: health, metadata from the workers' manifest, and infer calls
 * answered by the real worker (ONNX Runtime, the committed default model) through the real broker and database,
 * exactly as uploads are. Request and response shapes are the protocol's own examples, filled in for this model.
 */
@QuarkusTest
@WithTestResource(OctflowStack.class)
class OipTest {
    private static final String MODEL = "octmnist-cnn";
    private static final String INFER = "/v2/models/" + MODEL + "/infer";
    private static Worker worker;

    @ConfigProperty(name = "octflow.kafka.bootstrap-servers")
    String bootstrapServers;

    DatabaseOutage databaseOutage;

    private final ModelManifest manifest = ManifestFiles.read(TestModels.defaultModel());

    @AfterAll
    static void stopWorker() {
        if (worker != null) {
            worker.close();
        }
    }

    @Test
    void healthAndServerMetadataAreOpenAndNameTheClassificationExtension() {
        given().get("/v2/health/live").then().statusCode(200).body("live", equalTo(true));
        given().get("/v2/health/ready").then().statusCode(200).body("ready", equalTo(true));
        given().get("/v2").then().statusCode(200)
                .body("name", equalTo("octflow-gateway"))
                .body("version", notNullValue())
                .body("extensions", hasItem("classification"));
    }

    @Test
    void modelMetadataIsTheWorkersManifest() {
        for (String path : List.of("/v2/models/" + MODEL, "/v2/models/" + MODEL + "/versions/" + manifest.version())) {
            // Doubles, not RestAssured's default floats: the manifest's normalisation must come back to the digit.
            JsonPath metadata = new JsonPath(Api.asReader().get(path).then().statusCode(200).extract().asString())
                    .using(new JsonPathConfig(JsonPathConfig.NumberReturnType.DOUBLE));
            assertThat(metadata.getString("name")).isEqualTo(MODEL);
            assertThat(metadata.getList("versions", String.class)).containsExactly(manifest.version());
            assertThat(metadata.getString("platform")).isEqualTo("onnxruntime_onnx");
            assertThat(metadata.getString("inputs[0].name")).isEqualTo("scans");
            assertThat(metadata.getString("inputs[0].datatype")).isEqualTo("FP32");
            assertThat(metadata.getList("inputs[0].shape", Integer.class)).containsExactly(-1, 1, 28, 28);
            assertThat(metadata.getDouble("inputs[0].parameters.mean")).isEqualTo(manifest.normalization().mean());
            assertThat(metadata.getDouble("inputs[0].parameters.std")).isEqualTo(manifest.normalization().std());
            assertThat(metadata.getString("inputs[1].name")).isEqualTo("images");
            assertThat(metadata.getString("inputs[1].datatype")).isEqualTo("BYTES");
            assertThat(metadata.getString("outputs[0].name")).isEqualTo("probabilities");
            assertThat(metadata.getList("outputs[0].shape", Integer.class)).containsExactly(-1, 4);
            assertThat(metadata.getList("outputs[0].parameters.labels", String.class))
                    .containsExactly("CNV", "DME", "DRUSEN", "NORMAL");
            assertThat(metadata.getString("outputs[1].name")).isEqualTo("evidence");
        }
        Api.asReader().get("/v2/models/" + MODEL + "/ready").then().statusCode(200).body("ready", equalTo(true));
        Api.asReader().get("/v2/models/" + MODEL + "/versions/" + manifest.version() + "/ready").then()
                .statusCode(200).body("ready", equalTo(true));
    }

    @Test
    void unknownModelsAndVersionsAre404WithAnError() {
        Api.asReader().get("/v2/models/resnet50").then().statusCode(404)
                .body("error", containsString("no model 'resnet50'"));
        Api.asReader().get("/v2/models/resnet50/ready").then().statusCode(404);
        Api.asReader().get("/v2/models/" + MODEL + "/versions/1999.01.01/ready").then().statusCode(404)
                .body("error", containsString("the workers serve " + manifest.version()));
        Api.asSubmitter().contentType("application/json").body(bytesRequest(TestImages.png(64, 48)))
                .post("/v2/models/" + MODEL + "/versions/1999.01.01/infer").then().statusCode(404)
                .body("error", containsString("no version '1999.01.01'"));
    }

    @Test
    void modelCallsNeedAKeyAndInferTheSubmitterRole() {
        given().get("/v2/models/" + MODEL).then().statusCode(401).body("error", containsString("X-API-Key"));
        Api.asReader().contentType("application/json").body(bytesRequest(TestImages.png(64, 48))).post(INFER)
                .then().statusCode(403).body("error", containsString("submitter role"));
    }

    @Test
    void malformedTensorsAre400NamingWhatIsWrong() {
        String png = Base64.getEncoder().encodeToString(TestImages.png(64, 48));
        assertRefused(400, "not an inference request", "{\"inputs\": [");
        assertRefused(400, "exactly one input", "{\"inputs\": []}");
        assertRefused(400, "has no input", """
                {"inputs": [{"name": "input0", "shape": [1], "datatype": "BYTES", "data": ["%s"]}]}""".formatted(png));
        assertRefused(400, "is FP32, not INT32", """
                {"inputs": [{"name": "scans", "shape": [1, 1, 28, 28], "datatype": "INT32", "data": [1]}]}""");
        assertRefused(400, "takes [-1, 1, 28, 28]", """
                {"inputs": [{"name": "scans", "shape": [1, 3, 28, 28], "datatype": "FP32", "data": [0.0]}]}""");
        assertRefused(400, "784 values) but 2 values", """
                {"inputs": [{"name": "scans", "shape": [1, 1, 28, 28], "datatype": "FP32", "data": [0.0, 1.0]}]}""");
        assertRefused(400, "outside [", """
                {"inputs": [{"name": "scans", "shape": [1, 1, 28, 28], "datatype": "FP32", "data": %s}]}"""
                .formatted(IntStream.range(0, 784).mapToObj(i -> "200").collect(Collectors.joining(",", "[", "]"))));
        assertRefused(400, "has shape [2] but 1 elements", """
                {"inputs": [{"name": "images", "shape": [2], "datatype": "BYTES", "data": ["%s"]}]}""".formatted(png));
        assertRefused(400, "not valid base64", """
                {"inputs": [{"name": "images", "shape": [1], "datatype": "BYTES", "data": ["not base64!"]}]}""");
        assertRefused(400, "has the outputs", """
                {"inputs": [{"name": "images", "shape": [1], "datatype": "BYTES", "data": ["%s"]}],
                 "outputs": [{"name": "output0"}]}""".formatted(png));
        assertRefused(400, "from 1 to 4", """
                {"inputs": [{"name": "images", "shape": [1], "datatype": "BYTES", "data": ["%s"]}],
                 "outputs": [{"name": "probabilities", "parameters": {"classification": 9}}]}""".formatted(png));
        assertRefused(413, "at most 32 images", """
                {"inputs": [{"name": "scans", "shape": [33, 1, 28, 28], "datatype": "FP32", "data": []}]}""");
        Api.asSubmitter().contentType("application/json").header("Inference-Header-Content-Length", "2")
                .body("{}").post(INFER).then().statusCode(400)
                .body("error", containsString("binary tensor extension"));
        // The upload checks apply as they are: an element that is no image is refused by the same validator.
        assertRefused(415, "neither PNG nor JPEG", """
                {"inputs": [{"name": "images", "shape": [1], "datatype": "BYTES", "data": ["%s"]}]}"""
                .formatted(Base64.getEncoder().encodeToString("plain text".getBytes())));
    }

    @Test
    void aBytesJpegIsAnsweredWithTheSameProbabilitiesAsItsUpload() throws Exception {
        byte[] jpeg = TestImages.jpeg(512, 496);
        List<Float> uploaded = uploadedProbabilities(jpeg);

        Response answer = Api.asSubmitter().contentType("application/json").body("""
                {"id": "42",
                 "inputs": [{"name": "images", "shape": [1], "datatype": "BYTES", "data": ["%s"]}]}"""
                .formatted(Base64.getEncoder().encodeToString(jpeg))).post(INFER);

        answer.then().statusCode(200);
        JsonPath body = answer.jsonPath();
        assertThat(body.getString("id")).isEqualTo("42");
        assertThat(body.getString("model_name")).isEqualTo(MODEL);
        assertThat(body.getString("model_version")).as("the version whose worker answered").isEqualTo(manifest.version());
        assertThat(body.getString("outputs[0].name")).isEqualTo("probabilities");
        assertThat(body.getString("outputs[0].datatype")).isEqualTo("FP32");
        assertThat(body.getList("outputs[0].shape", Integer.class)).containsExactly(1, 4);
        assertThat(body.getList("outputs[0].data", Float.class)).as("same scan, same model: same floats")
                .isEqualTo(uploaded);
        assertThat(body.getString("outputs[1].name")).isEqualTo("evidence");
        assertThat(body.getList("outputs[1].shape", Integer.class)).containsExactly(1, 7, 7);
        assertThat(body.getList("outputs[1].data")).hasSize(49);
        String batchId = body.getString("parameters.batch_id");
        assertThat(answer.header("Location")).endsWith("/api/v1/batches/" + batchId);
        Api.asReader().get("/api/v1/batches/" + batchId).then().statusCode(200)
                .body("scans[0].prediction.model.version", equalTo(manifest.version()));
    }

    @Test
    void theClassificationExtensionAnswersLabelsHighestFirst() throws Exception {
        byte[] jpeg = TestImages.jpeg(512, 496);
        List<Float> uploaded = uploadedProbabilities(jpeg);
        int top = IntStream.range(0, 4).boxed().max((a, b) -> Float.compare(uploaded.get(a), uploaded.get(b)))
                .orElseThrow();

        JsonPath body = Api.asSubmitter().contentType("application/json").body("""
                {"inputs": [{"name": "images", "shape": [2], "datatype": "BYTES", "data": ["%s", "%s"]}],
                 "outputs": [{"name": "probabilities", "parameters": {"classification": 2}}]}"""
                .formatted(Base64.getEncoder().encodeToString(jpeg),
                        Base64.getEncoder().encodeToString(TestImages.png(300, 200))))
                .post(INFER).then().statusCode(200).extract().jsonPath();

        assertThat(body.getList("outputs")).hasSize(1);
        assertThat(body.getString("outputs[0].datatype")).isEqualTo("BYTES");
        assertThat(body.getList("outputs[0].shape", Integer.class)).containsExactly(2, 2);
        List<String> classes = body.getList("outputs[0].data", String.class);
        assertThat(classes).hasSize(4);
        assertThat(classes.get(0)).isEqualTo(uploaded.get(top) + ":" + top + ":" + manifest.classes().get(top));
        assertThat(Float.parseFloat(classes.get(0).split(":")[0]))
                .isGreaterThanOrEqualTo(Float.parseFloat(classes.get(1).split(":")[0]));
        assertThat(body.getList("parameters.statuses", String.class)).hasSize(2)
                .allSatisfy(status -> assertThat(status).isIn("DONE", "REVIEW"));
    }

    /**
     * A tensor made by the served preprocessing (decode, grey, crop, resize to 28x28 in 8 bits, normalise) is 8-bit
     * grey in disguise, so it travels as exactly those pixels: the same probabilities as the image itself. Any other
     * tensor is rounded to the nearest grey level, at most 0.5/255/std = 0.0101 in normalised units: values moved by
     * less than that give the very same answer.
     */
    @Test
    void anFp32TensorFromTheServedPreprocessingIsAnsweredAsItsImage() throws Exception {
        byte[] jpeg = TestImages.jpeg(512, 496);
        List<Float> uploaded = uploadedProbabilities(jpeg);
        ScanPreprocessor preprocessor = new ScanPreprocessor(manifest.normalization().mean(),
                manifest.normalization().std());
        float[] tensor = new float[28 * 28];
        preprocessor.writeNormalized(preprocessor.toModelSize(jpeg, ImageEncoding.JPEG, 0, 0), tensor, 0);

        List<Float> exact = fp32Probabilities(tensor);
        for (int i = 0; i < tensor.length; i++) {
            tensor[i] += (i % 2 == 0 ? 0.004f : -0.004f);
        }
        List<Float> nudged = fp32Probabilities(tensor);

        assertThat(exact).isEqualTo(uploaded);
        assertThat(nudged).as("within half a grey level of the same pixels").isEqualTo(uploaded);
    }

    @Test
    void aWaitThatRunsOutIs504NamingTheBatchToFollow() throws Exception {
        startWorker();
        Response answer = Api.asSubmitter().contentType("application/json").body("""
                {"parameters": {"timeout": 0},
                 "inputs": [{"name": "images", "shape": [1], "datatype": "BYTES", "data": ["%s"]}]}"""
                .formatted(Base64.getEncoder().encodeToString(TestImages.png(64, 48)))).post(INFER);

        answer.then().statusCode(504).body("error", containsString("follow batch"));
        String batchId = answer.jsonPath().getString("batch_id");
        assertThat(answer.jsonPath().getString("location")).isEqualTo("/api/v1/batches/" + batchId);
        JsonPath batch = Api.awaitBatchComplete(batchId);
        assertThat(batch.getString("scans[0].prediction.model.name")).as("stored and predicted all the same")
                .isEqualTo(MODEL);
    }

    /** Nothing is submitted while the gateway is not ready: a 503 to retry, never a batch left half-way. */
    @Test
    void whileTheDatabaseIsAwayTheServerIsNotReadyAndInferIs503() {
        try {
            databaseOutage.during(() -> {
                await().atMost(Duration.ofSeconds(15)).until(() -> given().get("/v2/health/ready").statusCode() == 400);
                given().get("/v2/health/ready").then().body("ready", equalTo(false))
                        .body("error", containsString("database"));
                given().get("/v2/health/live").then().statusCode(200);
                Api.asSubmitter().contentType("application/json").body(bytesRequest(TestImages.png(64, 48)))
                        .post(INFER).then().statusCode(503).body("error", containsString("nothing was submitted"));
            });
        } finally {
            await().atMost(Duration.ofSeconds(30)).until(() -> given().get("/v2/health/ready").statusCode() == 200);
        }
    }

    private List<Float> fp32Probabilities(float[] tensor) {
        String data = IntStream.range(0, tensor.length).mapToObj(i -> Float.toString(tensor[i]))
                .collect(Collectors.joining(", ", "[", "]"));
        return Api.asSubmitter().contentType("application/json").body("""
                        {"inputs": [{"name": "scans", "shape": [1, 1, 28, 28], "datatype": "FP32", "data": %s}],
                         "outputs": [{"name": "probabilities"}]}""".formatted(data))
                .post(INFER).then().statusCode(200).extract().jsonPath().getList("outputs[0].data", Float.class);
    }

    /** The same image uploaded the usual way, answered by the same worker: its probabilities in class order. */
    private List<Float> uploadedProbabilities(byte[] jpeg) throws InterruptedException {
        startWorker();
        JsonPath batch = Api.asSubmitter().multiPart("scan", "b-scan.jpg", jpeg, "image/jpeg")
                .post("/api/v1/scans?wait=PT30S").then().statusCode(200).extract().jsonPath();
        assertThat(batch.getList("scans[0].prediction.probabilities.label", String.class))
                .isEqualTo(manifest.classes());
        return batch.getList("scans[0].prediction.probabilities.probability", Float.class);
    }

    private void startWorker() throws InterruptedException {
        if (worker == null) {
            worker = InferenceWorkers.startReady(bootstrapServers);
        }
    }

    private static void assertRefused(int status, String saying, String body) {
        Api.asSubmitter().contentType("application/json").body(body).post(INFER).then().statusCode(status)
                .body("error", containsString(saying));
    }

    private static String bytesRequest(byte[] image) {
        return """
                {"inputs": [{"name": "images", "shape": [1], "datatype": "BYTES", "data": ["%s"]}]}"""
                .formatted(Base64.getEncoder().encodeToString(image));
    }
}
