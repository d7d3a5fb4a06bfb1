package org.octflow.gateway.security;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Which keys a gateway may start with: configured ones in production, never short ones. */
class ApiKeyPolicyTest {
    private static final String REAL_SUBMITTER = "3f9a1c7e5b2d4f6a8c0e1b3d";
    private static final String REAL_READER = "9e8d7c6b5a4f3e2d1c0b9a8f";

    @Test
    void productionRefusesToStartWithoutKeys() {
        assertThat(ApiKeyPolicy.refusal(true, List.of(), List.of(), List.of()))
                .hasValueSatisfying(reason -> assertThat(reason).contains("OCTFLOW_API_KEYS_SUBMITTER")
                        .doesNotContain("\n"));
        assertThat(ApiKeyPolicy.refusal(true, List.of(REAL_SUBMITTER), List.of(), List.of()))
                .hasValueSatisfying(reason -> assertThat(reason).contains("no reader API key"));
    }

    @Test
    void theLocalDevKeysSetOnPurposeStartWithAWarningOnly() {
        // The local stack sets them explicitly; ApiKeys warns at start while any is configured.
        assertThat(ApiKeyPolicy.refusal(true, List.of("local-dev-submitter-key"), List.of("local-dev-reader-key"), List.of()))
                .isEmpty();
    }

    @Test
    void aKeyShorterThanTheMinimumIsRefusedInEveryProfile() {
        assertThat(ApiKeyPolicy.refusal(false, List.of("short"), List.of(), List.of()))
                .hasValueSatisfying(reason -> assertThat(reason).contains("at least " + ApiKeyPolicy.MIN_KEY_LENGTH));
        assertThat(ApiKeyPolicy.refusal(true, List.of(REAL_SUBMITTER), List.of("x".repeat(15)), List.of()))
                .isPresent();
    }

    @Test
    void aShortReviewerKeyIsRefusedToo() {
        assertThat(ApiKeyPolicy.refusal(true, List.of(REAL_SUBMITTER), List.of(REAL_READER), List.of("short-key")))
                .hasValueSatisfying(reason -> assertThat(reason).contains("9 characters"));
    }

    @Test
    void realKeysStart() {
        assertThat(ApiKeyPolicy.refusal(true, List.of(REAL_SUBMITTER), List.of(REAL_READER), List.of())).isEmpty();
    }

    @Test
    void anImagingKeyIsOptionalButHeldToTheSameLength() {
        assertThat(ApiKeyPolicy.refusal(true, List.of(REAL_SUBMITTER), List.of(REAL_READER), List.of(), List.of()))
                .isEmpty();
        assertThat(ApiKeyPolicy.refusal(true, List.of(REAL_SUBMITTER), List.of(REAL_READER), List.of(),
                List.of("pacs-key")))
                .hasValueSatisfying(reason -> assertThat(reason).contains("8 characters"));
    }
}
