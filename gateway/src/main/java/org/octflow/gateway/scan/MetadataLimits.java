package org.octflow.gateway.scan;

import java.util.Map;

/**
 * Bounds on a scan's metadata, which travels with it to every worker and dead letter: a few short labels (site,
 * device, eye), not documents. Refusals name the image and the limit, never a key or value (patient data).
 */
public final class MetadataLimits {
    public static final int MAX_KEYS = 32;
    public static final int MAX_KEY_CHARS = 64;
    public static final int MAX_VALUE_CHARS = 1024;

    private MetadataLimits() {
    }

    /** @param where the image, as the client knows it ("image 2 of 3") */
    static void check(String where, Map<String, String> metadata) {
        if (metadata.size() > MAX_KEYS) {
            throw refuse(where + " has " + metadata.size() + " metadata entries; at most " + MAX_KEYS + " are kept");
        }
        for (Map.Entry<String, String> entry : metadata.entrySet()) {
            if (entry.getKey().length() > MAX_KEY_CHARS) {
                throw refuse(where + " has a metadata name of " + entry.getKey().length() + " characters; at most "
                        + MAX_KEY_CHARS + " are kept");
            }
            if (entry.getValue().length() > MAX_VALUE_CHARS) {
                throw refuse(where + " has a metadata value of " + entry.getValue().length() + " characters; at most "
                        + MAX_VALUE_CHARS + " are kept");
            }
        }
    }

    private static UploadRejectedException refuse(String message) {
        return new UploadRejectedException(400, message + ": send short labels (site, device, eye), and keep"
                + " documents elsewhere");
    }
}
