package org.octflow.gateway.oip;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;
import org.octflow.gateway.api.dto.ApiError;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one owner of how {@code /v2} says what went wrong: {@code {"error": "<message>"}}, as the Open Inference
 * Protocol asks. Refusals the rest of the gateway words ({@link ApiError}: a missing key, a rate limit, an image that
 * does not decode, the database away) keep their status and message and take this shape on {@code /v2}; refusals the
 * HTTP layer answers before any resource (a body over 4 MiB, headers over 16 KiB) keep the gateway's usual
 * {@code {status, error, message}}, whose {@code error} is then the status' name.
 */
public class OipErrorBodies {

    @ServerExceptionMapper
    public Response problem(OipProblem e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", e.getMessage());
        body.putAll(e.details());
        return Response.status(e.status()).type(MediaType.APPLICATION_JSON).entity(body).build();
    }

    @ServerResponseFilter
    public void onV2(ContainerRequestContext request, ContainerResponseContext response) {
        if (request.getUriInfo().getPath().startsWith("/v2") && response.getEntity() instanceof ApiError error) {
            response.setEntity(Map.of("error", error.message()), null, MediaType.APPLICATION_JSON_TYPE);
        }
    }
}
