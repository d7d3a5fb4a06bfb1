package org.octflow.gateway.security;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Which keys a gateway may start with: real ones in production, never short ones, local-dev ones only on loopback. */
class ApiKeyPolicyTest {
    private static final String REAL_SUBMITTER = "3f9a1c7e5b2d4f6a8c0e1b3d";
    private static final String REAL_READER = "9e8d7c6b5a4f3e2d1c0b9a8f";

    @Test
    void productionRefusesToStartWithoutKeys() {
        assertThat(ApiKeyPolicy.refusal(true, "0.0.0.0", List.of(), List.of()))
                .hasValueSatisfying(reason -> assertThat(reason).contains("OCTFLOW_API_KEYS_SUBMITTER")
                        .doesNotContain("\n"));
        assertThat(ApiKeyPolicy.refusal(true, "0.0.0.0", List.of(REAL_SUBMITTER), List.of()))
                .hasValueSatisfying(reason -> assertThat(reason).contains("no reader API key"));
    }

    @Test
    void productionRefusesTheLocalDevKeysWhereANetworkReachesIt() {
        List<String> submitter = List.of("local-dev-submitter-key");
        List<String> reader = List.of("local-dev-reader-key");
        assertThat(ApiKeyPolicy.refusal(true, "0.0.0.0", submitter, reader)).isPresent();
        assertThat(ApiKeyPolicy.refusal(true, "127.0.0.1", submitter, reader)).as("the local stack").isEmpty();
    }

    @Test
    void aKeyShorterThanTheMinimumIsRefusedInEveryProfile() {
        assertThat(ApiKeyPolicy.refusal(false, "0.0.0.0", List.of("short"), List.of()))
                .hasValueSatisfying(reason -> assertThat(reason).contains("at least " + ApiKeyPolicy.MIN_KEY_LENGTH));
        assertThat(ApiKeyPolicy.refusal(true, "0.0.0.0", List.of(REAL_SUBMITTER), List.of("x".repeat(15))))
                .isPresent();
    }

    @Test
    void realKeysStart() {
        assertThat(ApiKeyPolicy.refusal(true, "0.0.0.0", List.of(REAL_SUBMITTER), List.of(REAL_READER))).isEmpty();
    }
}
