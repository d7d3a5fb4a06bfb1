package org.octflow.gateway.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.multipart.FileUpload;
import org.octflow.gateway.api.dto.ScanUploadRequest;
import org.octflow.gateway.api.dto.SubmissionView;
import org.octflow.gateway.config.GatewayConfig;
import org.octflow.gateway.query.ScanQueries;
import org.octflow.gateway.scan.ExamRef;
import org.octflow.gateway.scan.ScanPreview;
import org.octflow.gateway.scan.ScanSubmitter;
import org.octflow.gateway.scan.SubmittedBatch;
import org.octflow.gateway.scan.UploadRejectedException;
import org.octflow.gateway.scan.UploadValidator;
import org.octflow.gateway.scan.UploadedImage;
import org.octflow.gateway.security.ApiKeyFilter;
import org.octflow.gateway.security.KeyId;
import org.octflow.gateway.security.RateLimits;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Submitting scans and following them. Image bytes and metadata are never logged. */
@Path("/api/v1")
@SecurityRequirement(name = "apiKey")
@Produces(MediaType.APPLICATION_JSON)
public class ScanResource {
    private static final Logger LOG = Logger.getLogger(ScanResource.class);

    private final UploadValidator validator;
    private final ScanSubmitter submitter;
    private final ScanQueries scans;
    private final BatchWaiter waiter;
    private final Duration maxWait;
    private final ObjectMapper objectMapper;
    private final RateLimits rateLimits;
    private final Duration previewRetention;

    public ScanResource(UploadValidator validator, ScanSubmitter submitter, ScanQueries scans, BatchWaiter waiter,
                        GatewayConfig config, ObjectMapper objectMapper, RateLimits rateLimits) {
        this.objectMapper = objectMapper;
        this.rateLimits = rateLimits;
        this.validator = validator;
        this.submitter = submitter;
        this.scans = scans;
        this.waiter = waiter;
        this.maxWait = config.maxWait();
        this.previewRetention = config.previews().retention();
    }

    @POST
    @Path("/scans")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Submit scans as multipart files (PNG or JPEG, any part name)",
            description = "202 with batch id, scan ids and Location; with ?wait=PT5S, 200 and the batch once every"
                    + " scan has an outcome within that time (202 with a note when the gateway holds its limit of"
                    + " waits already); 429 with Retry-After when the key is over its rate limit.")
    public Response submitFiles(@RestForm(FileUpload.ALL) List<FileUpload> files,
                                @Parameter(description = "the exam every file of this request belongs to, e.g. a"
                                        + " StudyInstanceUID") @RestForm String examId,
                                @Parameter(description = "R or L: the eye every file of this request shows")
                                @RestForm String laterality,
                                @Parameter(description = "ISO-8601 duration to wait for predictions, e.g. PT5S")
                                @RestQuery String wait, @RestHeader(ApiKeyFilter.HEADER) String apiKey) {
        // Counted before any image is read or decoded, so a key over its limit costs neither.
        spendScans(apiKey, files == null ? 0 : files.size());
        ExamRef exam = ExamRef.parse(examId, laterality);
        List<UploadedImage> images = new ArrayList<>();
        for (FileUpload file : files == null ? List.<FileUpload>of() : files) {
            images.add(new UploadedImage(file.fileName(), file.contentType(), read(file), null, exam));
        }
        return submit(images, wait);
    }

    @POST
    @Path("/scans")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Submit scans as JSON with base64 images",
            description = "{\"scans\":[{\"image\":\"<base64>\",\"contentType\":\"image/png\"}]}")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = ScanUploadRequest.class)))
    public Response submitJson(byte[] body, @RestQuery String wait, @RestHeader(ApiKeyFilter.HEADER) String apiKey) {
        ScanUploadRequest request = parse(body);
        List<ScanUploadRequest.JsonScan> entries = request == null || request.scans() == null
                ? List.of() : request.scans();
        spendScans(apiKey, entries.size());
        List<UploadedImage> images = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            ScanUploadRequest.JsonScan entry = entries.get(i);
            images.add(new UploadedImage(null, entry == null ? null : entry.contentType(), decodeBase64(entry, i,
                    entries.size()), metadata(entry, i, entries.size()),
                    entry == null ? ExamRef.NONE : ExamRef.parse(entry.examId(), entry.laterality())));
        }
        return submit(images, wait);
    }

    @POST
    @Path("/scans")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Any other body is refused with 415")
    public Response submitOther() {
        throw new UploadRejectedException(415, "send multipart/form-data with PNG or JPEG file parts, or"
                + " application/json {\"scans\":[{\"image\":\"<base64>\"}]}");
    }

    @GET
    @Path("/scans/{scanId}")
    @Operation(summary = "One scan: status, and its prediction once there is one")
    public Response scan(@PathParam("scanId") String scanId) {
        return scans.scan(scanId).map(view -> Response.ok(view).build())
                .orElseThrow(() -> new NotFoundProblem("no scan " + scanId + ": check the id from the submission"));
    }

    @GET
    @Path("/scans/{scanId}/preview")
    @Produces("image/jpeg")
    @Operation(summary = "The scan as sent, as a small JPEG (reader and reviewer keys only)",
            description = "Longest side octflow.previews.max-side (512); kept octflow.previews.retention (P30D). Scans"
                    + " sent straight to Kafka have one too, once the gateway read their record"
                    + " (octflow.previews.kafka-path). 404 for an unknown scan, an image that did not decode, and"
                    + " previews past retention.")
    public Response preview(@PathParam("scanId") String scanId) {
        ScanPreview preview = scans.preview(scanId).orElseThrow(() -> new NotFoundProblem("no preview of scan "
                + scanId + ": the gateway has not seen its image (not uploaded here, not read from Kafka yet, or"
                + " undecodable), or its preview passed retention (" + previewRetention + ")"));
        return Response.ok(preview.bytes, preview.contentType).build();
    }

    @GET
    @Path("/batches/{batchId}")
    @Operation(summary = "A batch's progress: counts per status and every scan")
    public Response batch(@PathParam("batchId") String batchId) {
        return scans.batch(batchId).map(view -> Response.ok(view).build())
                .orElseThrow(() -> new NotFoundProblem("no batch " + batchId + ": check the id from the submission"));
    }

    private Response submit(List<UploadedImage> images, String wait) {
        Duration waitFor = parseWait(wait);
        SubmittedBatch batch = submitter.submit(validator.validate(images));
        LOG.infof("accepted batch %s with %d scan(s)", batch.batchId(), batch.scanIds().size());
        URI location = URI.create("/api/v1/batches/" + batch.batchId());
        String note = null;
        if (!waitFor.isZero()) {
            BatchWaiter.Waited waited = waiter.awaitComplete(batch.batchId(), waitFor);
            if (waited.finished().isPresent()) {
                return Response.ok(waited.finished().get()).location(location).build();
            }
            // The batch is stored either way; refusing now would make the client submit it twice.
            note = waited.held() ? null : "the wait was not held: this gateway already holds " + waiter.maxWaits()
                    + " waits, its limit; the batch is accepted, follow it at " + location;
        }
        return Response.accepted(new SubmissionView(batch.batchId(), batch.scanIds(), location.toString(), note))
                .location(location).build();
    }

    /** The filter took one scan token for the request; a submission of n images takes the other n - 1 here. */
    private void spendScans(String apiKey, int images) {
        rateLimits.take(KeyId.of(apiKey), RateLimits.Spend.SCANS, images - 1L);
    }

    private Duration parseWait(String wait) {
        if (wait == null || wait.isBlank()) {
            return Duration.ZERO;
        }
        try {
            Duration parsed = Duration.parse(wait.trim());
            if (parsed.isNegative()) {
                throw new UploadRejectedException(400, "wait must not be negative: use e.g. PT5S");
            }
            return parsed.compareTo(maxWait) > 0 ? maxWait : parsed;
        } catch (DateTimeParseException e) {
            throw new UploadRejectedException(400, "wait is not an ISO-8601 duration: use e.g. PT5S");
        }
    }

    /** Parsed here rather than by the framework, so a bad body gets our message (and never an echo of its bytes). */
    private ScanUploadRequest parse(byte[] body) {
        try {
            // Unknown fields are refused: a misspelt "metadata" or "contentType" would otherwise be dropped unseen.
            return objectMapper.readerFor(ScanUploadRequest.class)
                    .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).readValue(body);
        } catch (JsonProcessingException e) {
            throw new UploadRejectedException(400, "the body is not a JSON submission (" + JsonProblems.describe(e)
                    + "): send {\"scans\":[{\"image\":\"<base64 of a PNG or JPEG>\"}]}");
        } catch (IOException e) {
            throw new UploadRejectedException(400, "the body could not be read: send {\"scans\":[{\"image\":"
                    + "\"<base64 of a PNG or JPEG>\"}]}");
        }
    }

    /** Metadata values must be strings; which key failed is not said, keys being the client's own data too. */
    private static java.util.Map<String, String> metadata(ScanUploadRequest.JsonScan entry, int index, int count) {
        if (entry == null || entry.metadata() == null) {
            return java.util.Map.of();
        }
        if (entry.metadata().containsKey(null) || entry.metadata().containsValue(null)) {
            throw new UploadRejectedException(400, "image " + (index + 1) + " of " + count + ": every metadata"
                    + " entry needs a name and a string value (one is null)");
        }
        return entry.metadata();
    }

    private static byte[] decodeBase64(ScanUploadRequest.JsonScan entry, int index, int count) {
        String where = "image " + (index + 1) + " of " + count;
        if (entry == null || entry.image() == null) {
            throw new UploadRejectedException(400, where + " has no 'image' field: put the base64 of the PNG or JPEG"
                    + " file there");
        }
        try {
            // Line breaks are tolerated (wrapped base64); any other stray character is an error, not skipped.
            return Base64.getDecoder().decode(entry.image().replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw new UploadRejectedException(400, where + ": 'image' is not valid base64: encode the file's bytes"
                    + " with standard base64");
        }
    }

    private static byte[] read(FileUpload file) {
        try {
            return Files.readAllBytes(file.uploadedFile());
        } catch (IOException e) {
            throw new UncheckedIOException("could not read an uploaded part", e);
        }
    }
}
