package org.octflow.gateway.oip;

import java.util.Map;

/**
 * A refusal or failure of a {@code /v2} call, answered as the protocol says: {@code {"error": "..."}} with this status.
 * {@code details} go beside the error (e.g. the batch id of an infer whose wait ran out, to follow it by).
 */
public class OipProblem extends RuntimeException {
    private final int status;
    private final Map<String, Object> details;

    public OipProblem(int status, String message) {
        this(status, message, Map.of());
    }

    public OipProblem(int status, String message, Map<String, Object> details) {
        super(message);
        this.status = status;
        this.details = Map.copyOf(details);
    }

    public int status() {
        return status;
    }

    public Map<String, Object> details() {
        return details;
    }
}
