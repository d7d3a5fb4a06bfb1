package org.octflow.contracts;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import org.junit.jupiter.api.Test;
import org.octflow.contracts.future.NextScan;
import org.octflow.contracts.future.NextScanBatch;
import org.octflow.contracts.v1.ImageEncoding;
import org.octflow.contracts.v1.Scan;
import org.octflow.contracts.v1.ScanBatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScanBatchContractTest {

    private static ScanBatch twoScans() {
        return ScanBatch.newBuilder()
                .setBatchId("b-17")
                .setSubmittedAt(Timestamp.newBuilder().setSeconds(1_790_000_000L).setNanos(5))
                .setSource("device-3")
                .addScans(Scan.newBuilder()
                        .setScanId("s-1")
                        .setImage(ByteString.copyFrom(new byte[]{(byte) 0x89, 'P', 'N', 'G'}))
                        .setEncoding(ImageEncoding.PNG)
                        .setWidth(512).setHeight(496)
                        .putMetadata("device", "spectralis-2")
                        .putMetadata("site", "st-olav"))
                .addScans(Scan.newBuilder()
                        .setScanId("s-2")
                        .setImage(ByteString.copyFrom(new byte[28 * 28]))
                        .setEncoding(ImageEncoding.RAW_GREY8)
                        .setWidth(28).setHeight(28))
                .build();
    }

    @Test
    void aScanBatchSurvivesTheWireUnchanged() throws InvalidProtocolBufferException {
        ScanBatch sent = twoScans();

        ScanBatch received = ScanBatch.parseFrom(sent.toByteArray());

        assertThat(received).isEqualTo(sent);
        assertThat(received.getScans(0).getMetadataMap()).containsEntry("site", "st-olav");
        assertThat(received.getScans(1).getImage().size()).isEqualTo(784);
    }

    @Test
    void aBatchWrittenByALaterSchemaWithExtraFieldsStillParses() throws InvalidProtocolBufferException {
        NextScanBatch fromTheFuture = NextScanBatch.newBuilder()
                .setBatchId("b-18")
                .setPriority(7)
                .addScans(NextScan.newBuilder().setScanId("s-9").setEncoding(ImageEncoding.JPEG_VALUE)
                        .setImage(ByteString.copyFromUtf8("jpeg bytes")).setEye("OD"))
                .build();

        ScanBatch today = ScanBatch.parseFrom(fromTheFuture.toByteArray());

        assertThat(today.getBatchId()).isEqualTo("b-18");
        assertThat(today.getScans(0).getScanId()).isEqualTo("s-9");
        assertThat(today.getScans(0).getEncoding()).isEqualTo(ImageEncoding.JPEG);
        // Unknown fields are kept, so a relay that re-serialises does not strip them.
        assertThat(NextScanBatch.parseFrom(today.toByteArray()).getPriority()).isEqualTo(7);
        assertThat(NextScan.parseFrom(today.getScans(0).toByteArray()).getEye()).isEqualTo("OD");
    }

    @Test
    void aBatchMissingOptionalFieldsParsesWithDefaults() throws InvalidProtocolBufferException {
        ScanBatch minimal = ScanBatch.newBuilder()
                .setBatchId("b-19")
                .addScans(Scan.newBuilder().setScanId("s-1").setEncoding(ImageEncoding.PNG))
                .build();

        ScanBatch parsed = ScanBatch.parseFrom(minimal.toByteArray());

        assertThat(parsed.hasSubmittedAt()).isFalse();
        assertThat(parsed.getSource()).isEmpty();
        assertThat(parsed.getScans(0).getMetadataMap()).isEmpty();
        assertThat(parsed.getScans(0).getWidth()).isZero();
    }

    @Test
    void anEncodingAddedLaterIsReadAsUnrecognisedNotAsAnError() throws InvalidProtocolBufferException {
        byte[] withEncoding42 = NextScanBatch.newBuilder()
                .addScans(NextScan.newBuilder().setScanId("s-1").setEncoding(42)).build().toByteArray();

        Scan scan = ScanBatch.parseFrom(withEncoding42).getScans(0);

        assertThat(scan.getEncoding()).isEqualTo(ImageEncoding.UNRECOGNIZED);
        assertThat(scan.getEncodingValue()).isEqualTo(42);
    }

    @Test
    void bytesThatAreNotAScanBatchAreRejected() {
        byte[] garbage = {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x01};

        assertThatThrownBy(() -> ScanBatch.parseFrom(garbage))
                .isInstanceOf(InvalidProtocolBufferException.class);
    }
}
