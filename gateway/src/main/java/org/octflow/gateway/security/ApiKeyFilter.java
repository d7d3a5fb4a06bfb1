package org.octflow.gateway.security;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.octflow.gateway.api.dto.ApiError;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Guards {@code /api/**} and {@code /v2/**} ({@link Access#needsKey}): each request's {@link Access} must be one its
 * key's {@link Role} allows. {@code /v2}'s health probes and server metadata stay open, as do health, metrics,
 * OpenAPI and the web page, which are not REST resources of this application. Each key's requests are then held to
 * its rate limits ({@link RateLimits}).
 */
public class ApiKeyFilter {
    public static final String HEADER = "X-API-Key";

    private final ApiKeys keys;
    private final RateLimits rateLimits;

    public ApiKeyFilter(ApiKeys keys, RateLimits rateLimits) {
        this.keys = keys;
        this.rateLimits = rateLimits;
    }

    @ServerRequestFilter(priority = Priorities.AUTHENTICATION)
    public Optional<Response> authenticate(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!Access.needsKey(path)) {
            return Optional.empty();
        }
        String key = request.getHeaderString(HEADER);
        if (key == null || key.isBlank()) {
            return Optional.of(refuse(401, "missing " + HEADER + " header: send an API key with the reader role"
                    + " (to read), the submitter role (to submit scans), the reviewer role (to review) or the imaging"
                    + " role (to store DICOM at /dicom-web)"));
        }
        Set<Role> roles = keys.rolesOf(key);
        if (roles.isEmpty()) {
            return Optional.of(refuse(401, "the " + HEADER + " is not a configured key: check it with whoever runs"
                    + " this gateway"));
        }
        Access access = Access.of(request.getMethod(), path);
        if (roles.stream().noneMatch(role -> role.may(access))) {
            return Optional.of(refuse(403, "this API key has the " + names(roles) + " role; "
                    + switch (access) {
                        case REVIEW -> "reviewing";
                        case PREVIEW -> "seeing a scan's image";
                        case STORE_DICOM -> "storing DICOM (STOW-RS)";
                        case READ -> "reading results";
                        default -> "submitting scans";
                    } + " needs a key with the "
                    + Role.grantingOnly(access).name().toLowerCase(Locale.ROOT) + " role"));
        }
        boolean read = access != Access.SUBMIT && access != Access.STORE_DICOM;
        // A submission takes one scan token here, before its body is read, so a flood of requests is cut off even
        // when their bodies are bad; ScanResource takes the rest once it has counted the images. A STOW-RS request
        // takes this one token only: its frames are bounded by the body cap (octflow.dicomweb.max-body-bytes).
        rateLimits.take(KeyId.of(key), read ? RateLimits.Spend.READS : RateLimits.Spend.SCANS, 1);
        return Optional.empty();
    }

    private static String names(Set<Role> roles) {
        return roles.stream().map(role -> role.name().toLowerCase(Locale.ROOT)).sorted()
                .collect(Collectors.joining(" and "));
    }

    private static Response refuse(int status, String message) {
        Response.ResponseBuilder response = Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(new ApiError(status, status == 401 ? "Unauthorized" : "Forbidden", message));
        if (status == 401) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, "ApiKey header=\"" + HEADER + "\"");
        }
        return response.build();
    }
}
