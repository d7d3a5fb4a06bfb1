package org.octflow.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The export's folder layout and CSV, against a {@link StandInGateway}. */
class ReviewExportTest {
    private static final byte[] JPEG = {(byte) 0xff, (byte) 0xd8, 1, 2, 3, (byte) 0xff, (byte) 0xd9};

    @TempDir
    Path dir;

    @Test
    void writesEachReviewedScanUnderItsFinalLabelWithACsvLine() throws Exception {
        String twoReviewsOneWithoutPreview = """
                {"items": [
                  {"scanId": "s-1", "finalLabel": "DME", "modelLabel": "CNV", "modelName": "octmnist-cnn",
                   "modelVersion": "1", "spotCheck": false, "reviewerKey": "ab12cd34", "reviewerName": "Dr A, B",
                   "reviewedAt": "2026-12-05T10:00:00Z"},
                  {"scanId": "s-2", "finalLabel": "NORMAL", "modelLabel": "NORMAL", "modelName": "octmnist-cnn",
                   "modelVersion": "1", "spotCheck": true, "reviewerKey": "ab12cd34", "reviewedAt": "2026-12-05T10:01:00Z"}],
                 "page": 0, "size": 200, "totalItems": 2, "totalPages": 1}""";
        try (StandInGateway gateway = new StandInGateway(twoReviewsOneWithoutPreview, Map.of("s-1", JPEG))) {
            ReviewExport.Result result = new ReviewExport(gateway.url(), "key").exportTo(dir);

            assertThat(result).isEqualTo(new ReviewExport.Result(1, 1, List.of("DME")));
        }
        assertThat(Files.readAllBytes(dir.resolve("DME/s-1.jpg"))).isEqualTo(JPEG);
        assertThat(Files.readAllLines(dir.resolve("reviews.csv"))).containsExactly(ReviewExport.CSV_HEADER,
                "s-1,DME/s-1.jpg,DME,CNV,octmnist-cnn,1,false,ab12cd34,\"Dr A, B\",2026-12-05T10:00:00Z");
    }

    @Test
    void aLabelThatIsNoSafeFileNameIsRefused() throws Exception {
        try (StandInGateway gateway = new StandInGateway("""
                {"items": [{"scanId": "s-1", "finalLabel": "../../etc"}], "totalPages": 1}""", Map.of("s-1", JPEG))) {
            assertThatThrownBy(() -> new ReviewExport(gateway.url(), "key").exportTo(dir))
                    .hasMessageContaining("not a safe");
        }
    }
}
