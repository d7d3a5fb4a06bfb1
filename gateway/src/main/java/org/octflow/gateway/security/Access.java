package org.octflow.gateway.security;

import jakarta.ws.rs.HttpMethod;

import java.util.regex.Pattern;

/** What a request to {@code /api/**} does, which decides the roles that may make it. */
public enum Access {
    READ, SUBMIT, REVIEW;

    private static final Pattern REVIEW_PATH = Pattern.compile("/api/v1/scans/[^/]+/reviews/?");

    /** Reads are GET and HEAD; a POST of a scan's review is a review; every other call submits. */
    public static Access of(String method, String path) {
        if (HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method)) {
            return READ;
        }
        return REVIEW_PATH.matcher(path).matches() ? REVIEW : SUBMIT;
    }
}
