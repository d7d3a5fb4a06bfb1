package org.octflow.gateway.api;

import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.jboss.resteasy.reactive.RestQuery;
import org.octflow.gateway.query.AgreementView;
import org.octflow.gateway.query.FailureView;
import org.octflow.gateway.query.ReviewQueries;
import org.octflow.gateway.review.ReviewView;
import org.octflow.gateway.review.Reviews;
import org.octflow.gateway.query.LabelCountsView;
import org.octflow.gateway.query.ModelSeenView;
import org.octflow.gateway.query.PageView;
import org.octflow.gateway.query.PredictionView;
import org.octflow.gateway.query.ThroughputView;
import org.octflow.gateway.query.FailureQueries;
import org.octflow.gateway.query.InvalidQueryException;
import org.octflow.gateway.query.PredictionFilter;
import org.octflow.gateway.query.PredictionQueries;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/** Read-only views over stored predictions, failures and reviews. */
@Path("/api/v1")
@SecurityRequirement(name = "apiKey")
@Produces(MediaType.APPLICATION_JSON)
public class QueryResource {
    /** Instants a search may name: PostgreSQL's timestamps hold far more, but not Instant's whole range. */
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");
    private static final String SITE = "the scan's \"site\" metadata value, exactly (both ways in)";
    private static final String DEVICE = "the scan's \"device\" metadata value, exactly (both ways in)";
    private static final String EXAM = "the exam the scan named (examId)";
    private final PredictionQueries predictions;
    private final FailureQueries failures;
    private final ReviewQueries reviews;
    private final Reviews reviewVerdicts;

    public QueryResource(PredictionQueries predictions, FailureQueries failures, ReviewQueries reviews,
                         Reviews reviewVerdicts) {
        this.predictions = predictions;
        this.failures = failures;
        this.reviews = reviews;
        this.reviewVerdicts = reviewVerdicts;
    }

    @GET
    @Path("/failures")
    @Operation(summary = "Scans and records that got no prediction (every dead letter), newest first",
            description = "Also finds failures of batches imaging systems sent straight to Kafka, which have no scan"
                    + " rows, and of records that were no ScanBatch (scanId null).")
    public PageView<FailureView> failures(@Parameter(description = "the ScanBatch's id") @RestQuery String batchId,
                                          @RestQuery String scanId,
                                          @Parameter(description = "an ErrorCode, e.g. UNDECODABLE_IMAGE")
                                          @RestQuery String code,
                                          @Parameter(description = "ISO-8601 instant, inclusive") @RestQuery String from,
                                          @Parameter(description = "ISO-8601 instant, exclusive") @RestQuery String to,
                                          @RestQuery @DefaultValue("0") int page,
                                          @RestQuery @DefaultValue("20") int size) {
        return failures.search(blankToNull(batchId), blankToNull(scanId), blankToNull(code), instant("from", from),
                instant("to", to), page, size);
    }

    @GET
    @Path("/predictions")
    @Operation(summary = "Predictions, filtered, paged (from 0) and sorted (e.g. sort=-predictedAt)")
    public PageView<PredictionView> search(@Parameter(description = "the ScanBatch's id") @RestQuery String batchId,
                                           @RestQuery String label,
                                           @Parameter(description = "DONE or REVIEW") @RestQuery String status,
                                           @RestQuery String modelName, @RestQuery String modelVersion,
                                           @Parameter(description = "ISO-8601 instant, inclusive") @RestQuery String from,
                                           @Parameter(description = "ISO-8601 instant, exclusive") @RestQuery String to,
                                           @Parameter(description = SITE) @RestQuery String site,
                                           @Parameter(description = DEVICE) @RestQuery String device,
                                           @Parameter(description = EXAM) @RestQuery String examId,
                                           @RestQuery @DefaultValue("0") int page,
                                           @RestQuery @DefaultValue("20") int size,
                                           @RestQuery @DefaultValue("-predictedAt") String sort) {
        var filter = new PredictionFilter(blankToNull(batchId), blankToNull(label), blankToNull(status), blankToNull(modelName),
                blankToNull(modelVersion), instant("from", from), instant("to", to), blankToNull(site),
                blankToNull(device), blankToNull(examId));
        return predictions.search(filter, page, size, sort);
    }

    @GET
    @Path("/reviews/queue")
    @Operation(summary = "Scans waiting for a reviewer, oldest first",
            description = "Predictions the model sent to review and no reviewer has answered; with spotChecks=true"
                    + " the auto-accepted (DONE) ones instead, for spot checks.")
    public PageView<PredictionView> reviewQueue(@Parameter(description = "the ScanBatch's id") @RestQuery String batchId,
                                                @Parameter(description = "the model's label") @RestQuery String label,
                                                @RestQuery String modelName, @RestQuery String modelVersion,
                                                @Parameter(description = "ISO-8601 instant, inclusive") @RestQuery String from,
                                                @Parameter(description = "ISO-8601 instant, exclusive") @RestQuery String to,
                                                @Parameter(description = SITE) @RestQuery String site,
                                                @Parameter(description = DEVICE) @RestQuery String device,
                                                @Parameter(description = EXAM) @RestQuery String examId,
                                                @RestQuery @DefaultValue("false") boolean spotChecks,
                                                @RestQuery @DefaultValue("0") int page,
                                                @RestQuery @DefaultValue("20") int size) {
        var filter = new PredictionFilter(blankToNull(batchId), blankToNull(label), null, blankToNull(modelName),
                blankToNull(modelVersion), instant("from", from), instant("to", to), blankToNull(site),
                blankToNull(device), blankToNull(examId));
        return reviews.queue(filter, spotChecks, page, size);
    }

    @GET
    @Path("/reviews")
    @Operation(summary = "Each reviewed scan's latest review, newest first (what ./octflow export-reviewed reads)")
    public PageView<ReviewView> latestReviews(@RestQuery @DefaultValue("0") int page,
                                              @RestQuery @DefaultValue("20") int size) {
        return reviewVerdicts.latest(page, size);
    }

    @GET
    @Path("/reviews/agreement")
    @Operation(summary = "Model against reviewer per model version: review share, agreement per class, spot checks",
            description = "Over predictions made in [from, to); each scan's latest review counts. Shares come with"
                    + " 95 % Wilson intervals.")
    public List<AgreementView> agreement(@RestQuery String modelName, @RestQuery String modelVersion,
                                         @Parameter(description = "ISO-8601 instant, inclusive") @RestQuery String from,
                                         @Parameter(description = "ISO-8601 instant, exclusive") @RestQuery String to) {
        return reviews.agreement(blankToNull(modelName), blankToNull(modelVersion), instant("from", from),
                instant("to", to));
    }

    @GET
    @Path("/stats/labels")
    @Operation(summary = "Prediction counts per label and scan counts per status")
    public LabelCountsView labelCounts() {
        return predictions.labelCounts();
    }

    @GET
    @Path("/stats/throughput")
    @Operation(summary = "Scans in, predictions out and mean latencies over a recent window (default PT1H)")
    public ThroughputView throughput(@RestQuery @DefaultValue("PT1H") String window) {
        try {
            return predictions.throughput(Duration.parse(window));
        } catch (DateTimeParseException e) {
            throw new InvalidQueryException("window '" + window + "' is not an ISO-8601 duration: use e.g. PT1H");
        }
    }

    @GET
    @Path("/models")
    @Operation(summary = "Every model that made predictions, newest first")
    public List<ModelSeenView> models() {
        return predictions.models();
    }

    static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Instant parsed;
        try {
            parsed = Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new InvalidQueryException(name + " '" + value + "' is not an ISO-8601 instant:"
                    + " use e.g. 2026-11-25T10:00:00Z");
        }
        if (parsed.isBefore(EARLIEST) || parsed.isAfter(LATEST)) {
            throw new InvalidQueryException(name + " '" + value + "' is outside the years 0001 to 9999 the gateway"
                    + " searches: use e.g. 2026-11-25T10:00:00Z");
        }
        return parsed;
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
