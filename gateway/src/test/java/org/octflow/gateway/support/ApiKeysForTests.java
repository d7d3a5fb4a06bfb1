package org.octflow.gateway.support;

/** The keys the %test profile configures (see application.properties). */
public final class ApiKeysForTests {
    public static final String HEADER = "X-API-Key";
    public static final String SUBMITTER = "test-submitter-key";
    public static final String READER = "test-reader-key-1";
    public static final String REVIEWER = "test-reviewer-key-1";
    public static final String IMAGING = "test-imaging-key-1";

    private ApiKeysForTests() {
    }
}
