package org.octflow.gateway.security;

import jakarta.ws.rs.HttpMethod;

import java.util.regex.Pattern;

/**
 * What a request to {@code /api/**}, {@code /v2/**} or {@code /dicom-web/**} does, which decides the roles that may
 * make it. An Open Inference Protocol infer is a POST, so a submission; its metadata and ready probes are reads.
 */
public enum Access {
    /** Results: labels, probabilities, counts. */
    READ,
    /** A scan's image (its preview): patient data that submitting systems have no need to read back. */
    PREVIEW,
    SUBMIT,
    REVIEW,
    /** DICOM objects stored by STOW-RS: they carry the patient's name and id, and come from imaging systems. */
    STORE_DICOM;

    public static final String DICOM_WEB_PREFIX = "/dicom-web/";
    private static final Pattern REVIEW_PATH = Pattern.compile("/api/v1/scans/[^/]+/reviews/?");
    private static final Pattern PREVIEW_PATH = Pattern.compile("/api/v1/scans/[^/]+/preview/?");

    /**
     * Whether a path needs a key: the API, DICOMweb, and {@code /v2} but for its health probes and its server
     * metadata (name, version, extensions), which are open like {@code /q/health}: load balancers and clients probe
     * them unkeyed.
     */
    public static boolean needsKey(String path) {
        return path.startsWith("/api/") || path.startsWith(DICOM_WEB_PREFIX)
                || (path.startsWith("/v2/") && !path.startsWith("/v2/health/"));
    }

    /**
     * Anything under {@code /dicom-web/} is a store (the gateway serves no DICOMweb query or retrieve); otherwise
     * reads are GET and HEAD (of a preview: PREVIEW); a POST of a scan's review is a review; any other call submits.
     */
    public static Access of(String method, String path) {
        if (path.startsWith(DICOM_WEB_PREFIX)) {
            return STORE_DICOM;
        }
        if (HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method)) {
            return PREVIEW_PATH.matcher(path).matches() ? PREVIEW : READ;
        }
        return REVIEW_PATH.matcher(path).matches() ? REVIEW : SUBMIT;
    }
}
