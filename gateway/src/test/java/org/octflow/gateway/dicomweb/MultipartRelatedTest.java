package org.octflow.gateway.dicomweb;

import org.junit.jupiter.api.Test;
import org.octflow.gateway.scan.UploadRejectedException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MultipartRelatedTest {
    @Test
    void takesTheBoundaryOrthancSendsTwoUuidsLongerThanRfc2046Allows() {
        String orthanc = "f3ec3aaa-78ec-4312-b46e-b7294dd3cf5f-f3ec3aaa-78ec-4312-b46e-b7294dd3cf5f";
        assertThat(orthanc).hasSize(73);
        assertThat(MultipartRelated.parse("multipart/related; type=\"application/dicom\"; boundary=" + orthanc)
                .boundary()).isEqualTo(orthanc);
    }

    @Test
    void takesAQuotedBoundaryAndNoTypeAsDicom() {
        assertThat(MultipartRelated.parse("Multipart/Related; boundary=\"a b;c\"").boundary()).isEqualTo("a b;c");
    }

    @Test
    void refusesAnEmptyOrUnboundedBoundaryWith400() {
        assertThatThrownBy(() -> MultipartRelated.parse("multipart/related; type=\"application/dicom\""))
                .isInstanceOfSatisfying(UploadRejectedException.class, e -> assertThat(e.status()).isEqualTo(400));
        assertThatThrownBy(() -> MultipartRelated.parse("multipart/related; boundary="
                + "x".repeat(MultipartRelated.MAX_BOUNDARY + 1)))
                .isInstanceOfSatisfying(UploadRejectedException.class, e -> assertThat(e.status()).isEqualTo(400));
    }
}
