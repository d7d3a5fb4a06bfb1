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

    @Test
    void v2NeedsAKeyButForItsHealthProbesAndServerMetadata() {
        assertThat(Access.needsKey("/dicom-web/studies")).isTrue();
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

    @Test
    void anythingUnderDicomWebIsAStoreOfDicom() {
        assertThat(Access.of("POST", "/dicom-web/studies")).isEqualTo(Access.STORE_DICOM);
        assertThat(Access.of("POST", "/dicom-web/studies/1.2.3")).isEqualTo(Access.STORE_DICOM);
        assertThat(Access.of("GET", "/dicom-web/studies")).isEqualTo(Access.STORE_DICOM);
        assertThat(Access.of("POST", "/api/v1/dicom-web/studies")).isEqualTo(Access.SUBMIT);
    }

    @Test
    void imagingKeysOnlyStoreDicomAndOnlyImagingKeysDo() {
        assertThat(Access.values()).allSatisfy(access -> assertThat(Role.IMAGING.may(access))
                .as(access.name()).isEqualTo(access == Access.STORE_DICOM));
        assertThat(Role.values()).allSatisfy(role -> assertThat(role.may(Access.STORE_DICOM))
                .as(role.name()).isEqualTo(role == Role.IMAGING));
        assertThat(Role.grantingOnly(Access.STORE_DICOM)).isEqualTo(Role.IMAGING);
    }
}
