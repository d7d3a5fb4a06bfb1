package org.octflow.gateway.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.jboss.resteasy.reactive.RestHeader;
import org.octflow.gateway.api.dto.ReviewRequest;
import org.octflow.gateway.review.ReviewRefused;
import org.octflow.gateway.review.ReviewView;
import org.octflow.gateway.review.ReviewedScanView;
import org.octflow.gateway.review.Reviews;
import org.octflow.gateway.security.ApiKeyFilter;
import org.octflow.gateway.security.KeyId;

import java.io.IOException;
import java.net.URI;

/**
 * A reviewer confirms or corrects a scan's label; everyone who may read sees the audit trail. Notes are free text
 * that may hold patient data: never logged, never echoed in an error.
 */
@Path("/api/v1/scans/{scanId}/reviews")
@SecurityRequirement(name = "apiKey")
@Produces(MediaType.APPLICATION_JSON)
public class ReviewResource {
    private static final String EXAMPLE = "send {\"label\":\"CNV\",\"note\":\"optional\",\"reviewer\":\"optional\"}";

    private final Reviews reviews;
    private final ObjectMapper objectMapper;

    public ReviewResource(Reviews reviews, ObjectMapper objectMapper) {
        this.reviews = reviews;
        this.objectMapper = objectMapper;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Confirm or correct the scan's label (reviewer role); each review is an audit row",
            description = "201 with the review; 404 unknown scan; 409 a scan still PENDING or FAILED; 400 a label"
                    + " that is not one of the model's classes. The prediction itself is never changed.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = ReviewRequest.class)))
    public Response review(@PathParam("scanId") String scanId, byte[] body,
                           @RestHeader(ApiKeyFilter.HEADER) String apiKey) {
        ReviewView review = reviews.record(scanId, parse(body), KeyId.of(apiKey));
        return Response.created(URI.create("/api/v1/scans/" + scanId + "/reviews")).entity(review).build();
    }

    @GET
    @Operation(summary = "The scan's reviews, oldest first, with the model's label and the final one")
    public ReviewedScanView reviews(@PathParam("scanId") String scanId) {
        return reviews.history(scanId);
    }

    /** Parsed here, so a bad body gets our words and never an echo of a note. */
    private ReviewRequest parse(byte[] body) {
        try {
            return objectMapper.readerFor(ReviewRequest.class)
                    .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).readValue(body);
        } catch (UnrecognizedPropertyException e) {
            throw new ReviewRefused(400, "the review has a field it does not know (a typo?); its fields are label,"
                    + " note and reviewer: " + EXAMPLE);
        } catch (JsonProcessingException e) {
            throw new ReviewRefused(400, "the body is not a JSON review (" + JsonProblems.describe(e) + "): "
                    + EXAMPLE);
        } catch (IOException e) {
            throw new ReviewRefused(400, "the body could not be read: " + EXAMPLE);
        }
    }
}
