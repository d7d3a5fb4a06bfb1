package org.octflow.gateway.api;

import io.vertx.core.MultiMap;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Security headers on every answer, set before anything else runs so refusals carry them too. The page's policy
 * allows only what it uses: its own script, stylesheet and API, canvases drawn by script. Under {@code /q/} (Swagger
 * UI runs inline script) only framing is forbidden. API answers hold patient-related data: never cached.
 */
@ApplicationScoped
public class SecurityHeaders {
    static final int ORDER = Integer.MIN_VALUE;
    public static final String PAGE_POLICY = "default-src 'self'; script-src 'self'; style-src 'self';"
            + " img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self';"
            + " frame-ancestors 'none'";
    private static final String INTERNAL_POLICY = "frame-ancestors 'none'";

    void install(@Observes Router router) {
        router.route().order(ORDER).handler(this::add);
    }

    private void add(RoutingContext context) {
        String path = context.request().path();
        context.addHeadersEndHandler(ignored -> {
            MultiMap headers = context.response().headers();
            headers.set("X-Content-Type-Options", "nosniff");
            headers.set("Referrer-Policy", "no-referrer");
            headers.set("X-Frame-Options", "DENY");
            boolean internal = path != null && (path.equals("/q") || path.startsWith("/q/"));
            headers.set("Content-Security-Policy", internal ? INTERNAL_POLICY : PAGE_POLICY);
            if (path != null && (path.startsWith("/api/") || path.startsWith("/v2"))) {
                headers.set("Cache-Control", "no-store");
            }
        });
        context.next();
    }
}
