package org.octflow.gateway.oip;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestHeader;
import org.octflow.contracts.manifest.ModelManifest;
import org.octflow.gateway.api.BatchWaiter;
import org.octflow.gateway.api.JsonProblems;
import org.octflow.gateway.config.GatewayConfig;
import org.octflow.gateway.oip.OipMessages.InferRequest;
import org.octflow.gateway.oip.OipMessages.InferResponse;
import org.octflow.gateway.oip.OipMessages.ModelMetadata;
import org.octflow.gateway.oip.OipMessages.RequestOutput;
import org.octflow.gateway.oip.OipMessages.ServerMetadata;
import org.octflow.gateway.oip.OipMessages.TensorMetadata;
import org.octflow.gateway.oip.ServedModels.ServedModel;
import org.octflow.gateway.query.BatchView;
import org.octflow.gateway.query.PredictionView;
import org.octflow.gateway.query.ScanView;
import org.octflow.gateway.scan.ScanSubmitter;
import org.octflow.gateway.scan.SubmittedBatch;
import org.octflow.gateway.scan.UploadValidator;
import org.octflow.gateway.scan.UploadedImage;
import org.octflow.gateway.security.ApiKeyFilter;
import org.octflow.gateway.security.KeyId;
import org.octflow.gateway.security.RateLimits;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Open Inference Protocol (KServe v2) over HTTP/REST, on the same pipeline as uploads: an infer call is a
 * submission (checked, stored with its outbox row, published to Kafka, batched by the workers with everything else,
 * audited as any scan) that waits, bounded, for its stored predictions and answers them as tensors.
 */
@Path("/v2")
@Produces(MediaType.APPLICATION_JSON)
public class OipResource {
    private static final Logger LOG = Logger.getLogger(OipResource.class);
    static final String PLATFORM = "onnxruntime_onnx";
    /** Triton's binary tensor data extension: a JSON header of this length, then raw tensor bytes. */
    static final String BINARY_HEADER = "Inference-Header-Content-Length";

    private final ServedModels models;
    private final PipelineReadiness readiness;
    private final UploadValidator validator;
    private final ScanSubmitter submitter;
    private final BatchWaiter waiter;
    private final RateLimits rateLimits;
    private final ObjectMapper json;
    private final GatewayConfig config;
    private final String serverName;
    private final String serverVersion;

    public OipResource(ServedModels models, PipelineReadiness readiness, UploadValidator validator,
                       ScanSubmitter submitter, BatchWaiter waiter, RateLimits rateLimits, ObjectMapper json,
                       GatewayConfig config,
                       @ConfigProperty(name = "quarkus.application.name") String serverName,
                       @ConfigProperty(name = "quarkus.application.version", defaultValue = "unknown")
                       String serverVersion) {
        this.models = models;
        this.readiness = readiness;
        this.validator = validator;
        this.submitter = submitter;
        this.waiter = waiter;
        this.rateLimits = rateLimits;
        this.json = json;
        this.config = config;
        this.serverName = serverName;
        this.serverVersion = serverVersion;
    }

    @GET
    @Operation(summary = "Server metadata: name, version, protocol extensions")
    public ServerMetadata server() {
        return new ServerMetadata(serverName, serverVersion, List.of(InferOutputs.CLASSIFICATION));
    }

    @GET
    @Path("/health/live")
    @Operation(summary = "200 while the gateway answers")
    public Map<String, Object> live() {
        return Map.of("live", true);
    }

    @GET
    @Path("/health/ready")
    @Operation(summary = "200 when the gateway is ready (database, Kafka: as /q/health/ready), else 400 (the spec's"
            + " 'false')")
    public Response ready() {
        return readiness.down().map(reason -> Response.status(400).entity(Map.of("ready", false, "error", reason)))
                .orElse(Response.ok(Map.of("ready", true))).build();
    }

    @GET
    @Path("/models/{name}")
    @SecurityRequirement(name = "apiKey")
    @Operation(summary = "Model metadata from its manifest")
    public ModelMetadata model(@PathParam("name") String name) {
        return metadata(require(name, null));
    }

    @GET
    @Path("/models/{name}/versions/{version}")
    @SecurityRequirement(name = "apiKey")
    @Operation(summary = "Model metadata of one version (the one the workers serve)")
    public ModelMetadata modelVersion(@PathParam("name") String name, @PathParam("version") String version) {
        return metadata(require(name, version));
    }

    @GET
    @Path("/models/{name}/ready")
    @SecurityRequirement(name = "apiKey")
    @Operation(summary = "200 when the model's file matches its manifest and the gateway is ready, else 400")
    public Response modelReady(@PathParam("name") String name) {
        return modelReadiness(require(name, null));
    }

    @GET
    @Path("/models/{name}/versions/{version}/ready")
    @SecurityRequirement(name = "apiKey")
    public Response modelVersionReady(@PathParam("name") String name, @PathParam("version") String version) {
        return modelReadiness(require(name, version));
    }

    @POST
    @Path("/models/{name}/infer")
    @SecurityRequirement(name = "apiKey")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Classify: FP32 'scans' [N,1,28,28] (normalised) or BYTES 'images' [N] (base64 PNG/JPEG)",
            description = "Submitted like an upload and answered once its predictions are stored, within"
                    + " octflow.oip.infer-wait (or the request's \"timeout\" parameter, microseconds); 504 with the batch id"
                    + " when the wait runs out.")
    public Response infer(@PathParam("name") String name, byte[] body,
                          @RestHeader(ApiKeyFilter.HEADER) String apiKey,
                          @RestHeader(BINARY_HEADER) String binaryHeader) {
        return infer(name, null, body, apiKey, binaryHeader);
    }

    @POST
    @Path("/models/{name}/versions/{version}/infer")
    @SecurityRequirement(name = "apiKey")
    @Consumes(MediaType.WILDCARD)
    public Response inferVersion(@PathParam("name") String name, @PathParam("version") String version, byte[] body,
                                 @RestHeader(ApiKeyFilter.HEADER) String apiKey,
                                 @RestHeader(BINARY_HEADER) String binaryHeader) {
        return infer(name, version, body, apiKey, binaryHeader);
    }

    private Response infer(String name, String version, byte[] body, String apiKey, String binaryHeader) {
        if (binaryHeader != null) {
            throw new OipProblem(400, "the binary tensor extension (" + BINARY_HEADER + ") is not supported: send"
                    + " the tensor as JSON 'data' (BYTES elements as base64 strings)");
        }
        InferRequest request = parse(body);
        ServedModel model = require(name, version);
        ModelManifest manifest = model.manifest();
        List<RequestOutput> outputs = InferOutputs.requested(manifest, request.outputs());
        List<UploadedImage> images = InferInputs.images(manifest, request.inputs(), config.upload().maxScans());
        // The filter took one scan token for the call; the other images take theirs before any is decoded.
        rateLimits.take(KeyId.of(apiKey), RateLimits.Spend.SCANS, images.size() - 1L);
        Duration wait = waitFor(request);
        readiness.down().ifPresent(reason -> {
            throw new OipProblem(503, "the pipeline is not ready, nothing was submitted (" + reason + "): retry"
                    + " shortly");
        });
        if (!model.verified()) {
            throw new OipProblem(503, "model " + name + "'s file does not match its manifest, so the workers"
                    + " refuse it too: nothing was submitted");
        }
        SubmittedBatch batch = submitter.submit(validator.validate(images));
        String location = "/api/v1/batches/" + batch.batchId();
        LOG.infof("infer on %s: batch %s with %d scan(s)", manifest.id(), batch.batchId(), images.size());
        BatchWaiter.Waited waited = waiter.awaitComplete(batch.batchId(), wait);
        if (waited.finished().isEmpty()) {
            throw new OipProblem(504, (waited.held() ? "no prediction within " + wait
                    : "the wait was not held: this gateway already holds " + waiter.maxWaits() + " waits")
                    + "; the scans are stored and will be predicted: follow batch " + batch.batchId() + " at "
                    + location, Map.of("batch_id", batch.batchId(), "scan_ids", batch.scanIds(),
                    "location", location));
        }
        return Response.ok(answer(request, manifest, outputs, waited.finished().get()))
                .location(URI.create(location)).build();
    }

    private static InferResponse answer(InferRequest request, ModelManifest manifest, List<RequestOutput> outputs,
                                        BatchView batch) {
        List<PredictionView> predictions = batch.scans().stream().map(scan -> predicted(scan, batch)).toList();
        PredictionView.ModelView answered = predictions.get(0).model();
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("batch_id", batch.batchId());
        parameters.put("scan_ids", batch.scans().stream().map(ScanView::scanId).toList());
        // DONE: the model's review rule auto-accepts the label; REVIEW: a clinician should look.
        parameters.put("statuses", batch.scans().stream().map(ScanView::status).toList());
        return new InferResponse(answered.name(), answered.version(), request.id(), parameters,
                InferOutputs.outputs(manifest, outputs, predictions));
    }

    private static PredictionView predicted(ScanView scan, BatchView batch) {
        if (scan.prediction() == null) {
            throw new OipProblem(500, "image " + (scan.position() + 1) + " of " + batch.total() + " failed in the"
                    + " worker (" + scan.errorCode() + "): see /api/v1/scans/" + scan.scanId(),
                    Map.of("batch_id", batch.batchId()));
        }
        return scan.prediction();
    }

    private Duration waitFor(InferRequest request) {
        Object timeout = request.parameters() == null ? null : request.parameters().get("timeout");
        Duration wait = config.oip().inferWait();
        if (timeout != null) {
            if (!(timeout instanceof Number micros) || micros.longValue() < 0) {
                throw new OipProblem(400, "parameter \"timeout\" is the wait in microseconds, a whole number >= 0");
            }
            long cap = config.maxWait().toNanos() / 1_000L;
            wait = Duration.ofNanos(Math.min(micros.longValue(), cap) * 1_000L);
        }
        return wait.compareTo(config.maxWait()) > 0 ? config.maxWait() : wait;
    }

    private InferRequest parse(byte[] body) {
        try {
            InferRequest request = json.readValue(body, InferRequest.class);
            if (request == null) {
                throw new OipProblem(400, "the body is empty: send {\"inputs\": [...]}");
            }
            return request;
        } catch (JsonProcessingException e) {
            throw new OipProblem(400, "the body is not an inference request (" + JsonProblems.describe(e)
                    + "): send {\"inputs\": [{\"name\", \"shape\", \"datatype\", \"data\"}]}");
        } catch (IOException e) {
            throw new OipProblem(400, "the body could not be read");
        }
    }

    private ServedModel require(String name, String version) {
        ServedModel model = models.find(name).orElseThrow(() -> new OipProblem(404, "no model '" + printable(name)
                + "': " + models.whereModelsComeFrom()));
        if (version != null && !version.equals(model.version())) {
            throw new OipProblem(404, "model " + model.name() + " has no version '" + printable(version)
                    + "' being served: the workers serve " + model.version() + " (earlier versions' predictions"
                    + " stay queryable at /api/v1/predictions?modelVersion=)");
        }
        return model;
    }

    private Response modelReadiness(ServedModel model) {
        if (!model.verified()) {
            return Response.status(400).entity(Map.of("name", model.name(), "ready", false, "error",
                    "its model file does not match the manifest's sha256: the workers refuse it")).build();
        }
        return readiness.down()
                .map(reason -> Response.status(400).entity(Map.of("name", model.name(), "ready", false,
                        "error", reason)))
                .orElse(Response.ok(Map.of("name", model.name(), "ready", true))).build();
    }

    private static ModelMetadata metadata(ServedModel model) {
        ModelManifest m = model.manifest();
        Map<String, Object> normalisation = new LinkedHashMap<>();
        normalisation.put("mean", m.normalization().mean());
        normalisation.put("std", m.normalization().std());
        normalisation.put("formula", "(pixel/255 - mean) / std");
        normalisation.put("preprocessing", m.preprocessing());
        normalisation.put("quantisation", "values are rounded to 8-bit grey before inference, as the served"
                + " preprocessing does: at most 0.5/255/std off");
        TensorMetadata tensors = new TensorMetadata(m.input().name(), "FP32", m.input().shape(), normalisation);
        TensorMetadata encoded = new TensorMetadata(InferInputs.BYTES_INPUT, "BYTES", List.of(-1L),
                Map.of("content", "base64 of a PNG or JPEG of any size; preprocessed as the manifest says"));
        List<TensorMetadata> outputs = new java.util.ArrayList<>(List.of(new TensorMetadata(m.output().name(), "FP32",
                m.output().shape(), Map.of("labels", m.classes()))));
        if (m.evidence() != null) {
            outputs.add(new TensorMetadata(m.evidence().name(), "FP32", m.evidence().shape(),
                    Map.of("description", "class activation map of the class ranked first, over the centre"
                            + " square")));
        }
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("labels", m.classes());
        parameters.put("sha256", m.sha256());
        if (m.trainedAt() != null) {
            parameters.put("trained_at", m.trainedAt());
        }
        return new ModelMetadata(m.name(), List.of(m.version()), PLATFORM, List.of(tensors, encoded), outputs,
                parameters);
    }

    private static String printable(String text) {
        return text != null && text.matches("[A-Za-z0-9_.:-]{1,80}") ? text : "(another name)";
    }
}
