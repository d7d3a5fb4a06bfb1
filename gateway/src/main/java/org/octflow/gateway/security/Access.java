package org.octflow.gateway.security;

import jakarta.ws.rs.HttpMethod;

import java.util.regex.Pattern;

/** What a request to {@code /api/**} does, which decides the roles that may make it. */
public enum Access {
    /** Results: labels, probabilities, counts. */
    READ,
    /** A scan's image (its preview): patient data that submitting systems have no need to read back. */
    PREVIEW,
    SUBMIT,
    REVIEW;

    private static final Pattern REVIEW_PATH = Pattern.compile("/api/v1/scans/[^/]+/reviews/?");
    private static final Pattern PREVIEW_PATH = Pattern.compile("/api/v1/scans/[^/]+/preview/?");

    /** Reads are GET and HEAD (of a preview: PREVIEW); a POST of a scan's review is a review; any other call submits. */
    public static Access of(String method, String path) {
        if (HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method)) {
            return PREVIEW_PATH.matcher(path).matches() ? PREVIEW : READ;
        }
        return REVIEW_PATH.matcher(path).matches() ? REVIEW : SUBMIT;
    }
}
