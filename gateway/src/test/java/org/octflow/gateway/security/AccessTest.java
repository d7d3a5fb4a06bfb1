package org.octflow.gateway.security;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AccessTest {

    @Test
    void readsAreGetAndHead() {
        assertThat(Access.of("GET", "/api/v1/scans/s1/reviews")).isEqualTo(Access.READ);
        assertThat(Access.of("HEAD", "/api/v1/predictions")).isEqualTo(Access.READ);
    }

    @Test
    void postingAScansReviewIsAReviewAndAnyOtherWriteASubmission() {
        assertThat(Access.of("POST", "/api/v1/scans/s1/reviews")).isEqualTo(Access.REVIEW);
        assertThat(Access.of("POST", "/api/v1/scans")).isEqualTo(Access.SUBMIT);
        assertThat(Access.of("POST", "/api/v1/scans/s1/reviews/extra")).isEqualTo(Access.SUBMIT);
        assertThat(Access.of("DELETE", "/api/v1/scans/s1")).isEqualTo(Access.SUBMIT);
    }

    @Test
    void eachRoleMayDoExactlyItsOwnAccesses() {
        assertThat(Role.REVIEWER.may(Access.REVIEW)).isTrue();
        assertThat(Role.REVIEWER.may(Access.SUBMIT)).isFalse();
        assertThat(Role.SUBMITTER.may(Access.REVIEW)).isFalse();
        assertThat(Role.READER.may(Access.REVIEW)).isFalse();
        assertThat(Role.READER.may(Access.SUBMIT)).isFalse();
    }

    @Test
    void v2NeedsAKeyButForItsHealthProbesAndServerMetadata() {
        assertThat(Access.needsKey("/v2/models/octmnist-cnn")).isTrue();
        assertThat(Access.needsKey("/v2/models/octmnist-cnn/infer")).isTrue();
        assertThat(Access.needsKey("/v2/models/octmnist-cnn/ready")).isTrue();
        assertThat(Access.needsKey("/api/v1/scans")).isTrue();
        assertThat(Access.needsKey("/v2")).isFalse();
        assertThat(Access.needsKey("/v2/health/ready")).isFalse();
        assertThat(Access.needsKey("/q/health/ready")).isFalse();
        assertThat(Access.needsKey("/")).isFalse();
    }

    @Test
    void anInferCallIsASubmissionAndModelMetadataARead() {
        assertThat(Access.of("POST", "/v2/models/octmnist-cnn/infer")).isEqualTo(Access.SUBMIT);
        assertThat(Access.of("POST", "/v2/models/octmnist-cnn/versions/1/infer")).isEqualTo(Access.SUBMIT);
        assertThat(Access.of("GET", "/v2/models/octmnist-cnn")).isEqualTo(Access.READ);
    }
}
