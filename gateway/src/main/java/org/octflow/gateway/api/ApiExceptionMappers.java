package org.octflow.gateway.api;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.octflow.gateway.api.dto.ApiError;
import org.octflow.gateway.query.InvalidQueryException;
import org.octflow.gateway.scan.UploadRejectedException;

/** Refusals become JSON {status, error, message}; their messages are for the client and are not logged. */
public class ApiExceptionMappers {

    @ServerExceptionMapper
    public Response rejected(UploadRejectedException e) {
        return problem(e.status(), e.getMessage());
    }

    @ServerExceptionMapper
    public Response invalidQuery(InvalidQueryException e) {
        return problem(400, e.getMessage());
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundProblem e) {
        return problem(404, e.getMessage());
    }

    static Response problem(int status, String message) {
        Response.StatusType type = Response.Status.fromStatusCode(status);
        String name = type == null ? String.valueOf(status) : type.getReasonPhrase();
        return Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(new ApiError(status, name, message)).build();
    }
}
