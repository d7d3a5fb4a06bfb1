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
    void anExamsReportsAreResultsThatEveryReadingKeyMayGet() {
        assertThat(Access.of("GET", "/api/v1/exams/1.2.3/report.dcm")).isEqualTo(Access.READ);
        assertThat(Access.of("GET", "/api/v1/exams/1.2.3/fhir")).isEqualTo(Access.READ);
        assertThat(Role.SUBMITTER.may(Access.READ)).isTrue();
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
}
