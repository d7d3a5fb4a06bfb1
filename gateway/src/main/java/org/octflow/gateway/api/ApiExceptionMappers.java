package org.octflow.gateway.api;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.octflow.gateway.report.ReportUnavailable;
import org.octflow.gateway.review.ReviewRefused;
import org.octflow.contracts.Failures;
import org.octflow.gateway.api.dto.ApiError;
import org.octflow.gateway.config.DatabaseFailures;
import org.octflow.gateway.query.InvalidQueryException;
import org.octflow.gateway.scan.UploadRejectedException;
import org.octflow.gateway.security.RateLimitExceededException;

import java.util.UUID;

/**
 * Every refusal and failure becomes JSON {status, error, message}. Messages are written here or by the code that
 * refuses, never copied from a framework's exception, which may quote what the client sent (image bytes, metadata).
 */
public class ApiExceptionMappers {
    private static final Logger LOG = Logger.getLogger(ApiExceptionMappers.class);
    /** Seconds a client should wait before retrying while the database is away. */
    static final int RETRY_AFTER_SECONDS = 5;

    @ServerExceptionMapper
    public Response rejected(UploadRejectedException e) {
        Response response = problem(e.status(), e.getMessage());
        return e.status() == 503 ? Response.fromResponse(response).header("Retry-After", RETRY_AFTER_SECONDS).build()
                : response;
    }

    /** 429 with the seconds until the key's bucket holds what the request needs. */
    @ServerExceptionMapper
    public Response rateLimited(RateLimitExceededException e) {
        return Response.fromResponse(problem(429, e.getMessage())).header("Retry-After", e.retryAfterSeconds())
                .build();
    }

    @ServerExceptionMapper
    public Response invalidQuery(InvalidQueryException e) {
        return problem(400, e.getMessage());
    }

    @ServerExceptionMapper
    public Response reviewRefused(ReviewRefused e) {
        return problem(e.status(), e.getMessage());
    }

    @ServerExceptionMapper
    public Response reportUnavailable(ReportUnavailable e) {
        return problem(409, e.getMessage());
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundProblem e) {
        return problem(404, e.getMessage());
    }

    /** The framework's own refusals (unknown path, wrong method or media type): their status, our words. */
    @ServerExceptionMapper
    public Response framework(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        String message = switch (status) {
            case 404 -> "no such resource: the API is described at /q/openapi";
            case 405 -> "this method is not allowed here: the API is described at /q/openapi";
            case 406 -> "the gateway answers application/json: accept it";
            case 415 -> "this content type is not accepted here: the API is described at /q/openapi";
            default -> status < 500 ? "the request could not be handled: the API is described at /q/openapi"
                    : "the gateway failed to answer; retry, and tell its operators if it persists";
        };
        return problem(status, message);
    }

    /** Anything else: 503 if the database is away (retry soon), else 500 with an id to find the log line by. */
    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        if (DatabaseFailures.isUnavailable(e)) {
            LOG.warnf("answered 503: the database is unavailable (%s)", Failures.rootMessage(e));
            return Response.status(503).type(MediaType.APPLICATION_JSON)
                    .header("Retry-After", RETRY_AFTER_SECONDS)
                    .entity(new ApiError(503, "Service Unavailable", "the database is unavailable, so nothing was"
                            + " stored or read: retry in " + RETRY_AFTER_SECONDS + " s")).build();
        }
        String id = UUID.randomUUID().toString();
        LOG.errorf(e, "answered 500, error id %s", id);
        return problem(500, "the gateway failed (error id " + id + "); retry, and give the id to its operators if it"
                + " persists");
    }

    static Response problem(int status, String message) {
        Response.StatusType type = Response.Status.fromStatusCode(status);
        String name = type == null ? String.valueOf(status) : type.getReasonPhrase();
        return Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(new ApiError(status, name, message)).build();
    }
}
