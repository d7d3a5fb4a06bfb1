package org.octflow.gateway.support;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/**
 * Limits small enough to reach in a few requests, and spare keys so each test has buckets of its own: three scans a
 * key refilled at one per 20 s, three reads likewise, one held wait per gateway.
 */
public class TightLimits implements QuarkusTestProfile {
    public static final String SUBMITTER_A = "tight-submitter-key-a";
    public static final String SUBMITTER_B = "tight-submitter-key-b";
    public static final String SUBMITTER_C = "tight-submitter-key-c";
    public static final String SUBMITTER_D = "tight-submitter-key-d";
    public static final String READER_A = "tight-reader-key-a";
    public static final String READER_B = "tight-reader-key-b";
    public static final int BURST = 3;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "octflow.api-keys.submitter", String.join(",", ApiKeysForTests.SUBMITTER, SUBMITTER_A, SUBMITTER_B,
                        SUBMITTER_C, SUBMITTER_D),
                "octflow.api-keys.reader", String.join(",", ApiKeysForTests.READER, READER_A, READER_B),
                "octflow.rate-limit.scan-burst", String.valueOf(BURST),
                "octflow.rate-limit.scans-per-second", "0.05",
                "octflow.rate-limit.read-burst", String.valueOf(BURST),
                "octflow.rate-limit.reads-per-second", "0.05",
                "octflow.upload.max-scans", String.valueOf(BURST),
                "octflow.max-concurrent-waits", "1");
    }
}
