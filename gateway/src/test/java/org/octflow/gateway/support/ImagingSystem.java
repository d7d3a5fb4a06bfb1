package org.octflow.gateway.support;

import com.google.protobuf.ByteString;
import org.octflow.contracts.v1.ImageEncoding;
import org.octflow.contracts.v1.Scan;
import org.octflow.contracts.v1.ScanBatch;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Builds ScanBatches as an imaging system sending straight to Kafka writes them (no gateway involved). */
public final class ImagingSystem {
    private ImagingSystem() {
    }

    public static Scan png(byte[] image, Map<String, String> metadata) {
        return scan(image, ImageEncoding.PNG, 0, 0, metadata, "");
    }

    public static Scan scan(byte[] image, ImageEncoding encoding, int width, int height, Map<String, String> metadata,
                            String examId) {
        return Scan.newBuilder().setScanId("device-scan-" + UUID.randomUUID()).setImage(ByteString.copyFrom(image))
                .setEncoding(encoding).setWidth(width).setHeight(height).putAllMetadata(metadata).setExamId(examId)
                .build();
    }

    /** A batch of a fresh id, from "device-17". */
    public static ScanBatch batch(Scan... scans) {
        return batch("device-batch-" + UUID.randomUUID(), scans);
    }

    public static ScanBatch batch(String batchId, Scan... scans) {
        return ScanBatch.newBuilder().setBatchId(batchId).setSource("device-17").addAllScans(List.of(scans)).build();
    }
}
