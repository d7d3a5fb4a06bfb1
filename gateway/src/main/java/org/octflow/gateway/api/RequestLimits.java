package org.octflow.gateway.api;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.octflow.gateway.api.dto.ApiError;
import org.octflow.gateway.config.GatewayConfig;
import org.octflow.gateway.security.Access;

import java.util.Map;

/**
 * The HTTP limits the gateway answers itself, with a JSON body that says the limit and what to do. The HTTP codec's
 * own limits ({@code quarkus.http.limits.*}) are set well above these: a request it refuses never reaches the
 * application and gets an empty answer, and Quarkus 3.36 offers no hook on Vert.x's invalid-request handler
 * (quarkusio/quarkus#55082). A body sent without a length (chunked) is counted here as it arrives.
 *
 * <p>STOW-RS ({@code /dicom-web/}) is the exception: its body streams to the resource, which reads DICOM parts one
 * frame at a time, up to {@code octflow.dicomweb.max-body-bytes}. So the codec's limit is set to that cap, and the
 * 4 MiB limit of everything else is kept here.
 */
@ApplicationScoped
public class RequestLimits {
    /** The request line (method, path and query). */
    public static final int MAX_REQUEST_LINE = 8_192;
    /** All header names and values together. */
    public static final int MAX_HEADER_BYTES = 16_384;
    /** A submission holds at most ~1 MB of images; base64 in JSON adds a third, so this leaves room to spare. */
    public static final long MAX_BODY_BYTES = 4L << 20;

    /** Where Quarkus' streaming request input looks for the body limit of this request. */
    private static final String REQUEST_SIZE_LIMIT_KEY = "io.quarkus.max-request-size";

    /** Reads a chunked body up to the limit; past it, fails the request with 413 (answered by {@link #tooLarge}). */
    private final BodyHandler chunkedBodies = BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES);
    private final long maxStowBytes;

    public RequestLimits(GatewayConfig config,
                         @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize codecLimit) {
        this.maxStowBytes = config.dicomweb().maxBodyBytes();
        if (maxStowBytes > codecLimit.asLongValue()) {
            throw new IllegalStateException("octflow.dicomweb.max-body-bytes is " + maxStowBytes + " but"
                    + " quarkus.http.limits.max-body-size is " + codecLimit.asLongValue() + ": raise the latter to at"
                    + " least the former, or STOW-RS bodies between them get an empty 413");
        }
    }

    void install(@Observes Router router) {
        // Right after SecurityHeaders, so its refusals carry the headers too.
        router.route().order(SecurityHeaders.ORDER + 1).handler(this::check);
        // Ahead of Quarkus' own failure handler, which answers a body over the limit with an empty 413.
        router.route().order(SecurityHeaders.ORDER + 1).failureHandler(context -> {
            if (context.statusCode() == 413) {
                tooLarge(context, -1);
            } else {
                context.next();
            }
        });
        // The codec's own body limit (quarkus.http.limits.max-body-size), for bodies that did not say their length.
        router.errorHandler(413, context -> tooLarge(context, -1));
    }

    private void check(RoutingContext context) {
        HttpServerRequest request = context.request();
        int line = request.method().name().length() + 1 + request.uri().length() + 9;
        if (line > MAX_REQUEST_LINE) {
            respond(context, 414, "the request line is " + line + " characters; the gateway reads at most "
                    + MAX_REQUEST_LINE + ": send fewer or shorter query parameters");
            return;
        }
        long headers = 0;
        for (Map.Entry<String, String> header : request.headers()) {
            headers += header.getKey().length() + header.getValue().length() + 4;
        }
        if (headers > MAX_HEADER_BYTES) {
            respond(context, 431, "the request headers take " + headers + " bytes; the gateway reads at most "
                    + MAX_HEADER_BYTES + ": drop cookies or headers it does not need");
            return;
        }
        boolean stow = context.normalizedPath().startsWith(Access.DICOM_WEB_PREFIX);
        String length = request.getHeader("Content-Length");
        if (length != null) {
            try {
                long bytes = Long.parseLong(length.trim());
                if (stow && bytes > maxStowBytes) {
                    respond(context, 413, "the body is " + bytes + " bytes; the gateway reads at most " + maxStowBytes
                            + " bytes per STOW-RS request (octflow.dicomweb.max-body-bytes): send the study's"
                            + " instances in several requests");
                    return;
                }
                if (!stow && bytes > MAX_BODY_BYTES) {
                    tooLarge(context, bytes);
                    return;
                }
            } catch (NumberFormatException e) {
                respond(context, 400, "Content-Length is not a number");
                return;
            }
        } else if (stow) {
            // Counted by the STOW-RS resource as it reads (it answers 413 with the limit); the streaming input's own
            // check stays just above, as a backstop.
            context.put(REQUEST_SIZE_LIMIT_KEY, maxStowBytes + 1);
        } else if (hasBodyOfUnknownLength(request)) {
            // Multipart is left to the REST layer's own parser (which streams parts to disk); the codec's limit
            // (quarkus.http.limits.max-body-size, raised to the STOW-RS cap) bounds it.
            chunkedBodies.handle(context);
            return;
        }
        context.next();
    }

    /** A body without Content-Length: chunked (HTTP/1.1) or a stream of frames (HTTP/2); multipart excepted. */
    private static boolean hasBodyOfUnknownLength(HttpServerRequest request) {
        String type = request.getHeader("Content-Type");
        boolean mayHaveBody = switch (request.method().name()) {
            case "POST", "PUT", "PATCH" -> true;
            default -> false;
        };
        return mayHaveBody && (request.getHeader("Transfer-Encoding") != null
                || request.version() == io.vertx.core.http.HttpVersion.HTTP_2)
                && (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/"));
    }

    private static void tooLarge(RoutingContext context, long bytes) {
        respond(context, 413, (bytes >= 0 ? "the body is " + bytes + " bytes" : "the body is too large")
                + "; the gateway reads at most " + MAX_BODY_BYTES + " bytes per request (a submission holds at most"
                + " 32 images and about 1 MB): split it into several requests");
    }

    private static void respond(RoutingContext context, int status, String message) {
        if (context.response().ended()) {
            return;
        }
        String reason = switch (status) {
            case 400 -> "Bad Request";
            case 413 -> "Content Too Large";
            case 414 -> "URI Too Long";
            case 431 -> "Request Header Fields Too Large";
            default -> String.valueOf(status);
        };
        context.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .putHeader("Connection", "close")
                .end(Json.encode(new ApiError(status, reason, message)));
    }
}
