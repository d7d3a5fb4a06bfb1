package org.octflow.worker.pipeline;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.octflow.contracts.records.ScanBatchRecords;
import org.octflow.contracts.v1.ErrorCode;
import org.octflow.contracts.v1.Scan;
import org.octflow.contracts.v1.ScanBatch;
import org.octflow.preprocessing.GreyImage;
import org.octflow.preprocessing.ScanRejectedException;
import org.octflow.runtime.ScanTranslator;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Turns a consumed record into decoded, model-size scans. Bad data never throws: a record that is no ScanBatch is
 * marked malformed, a scan that cannot be decoded is rejected with its reason, and the rest go on to the model.
 */
public final class RecordIntake {
    /** A record and the scans of it that go to the model. */
    public record Accepted(ConsumedRecord record, List<ScanWork> work) {
    }

    private final Supplier<ScanTranslator> serving;

    /**
     * @param serving the translator of the model being served. Scans are decoded and brought to its size here, on
     *                the Kafka thread, so the queue holds model-size images rather than whole B-scans; normalising
     *                them is left to the version that runs them ({@link InferenceLoop}), which may be a newer one
     */
    public RecordIntake(Supplier<ScanTranslator> serving) {
        this.serving = serving;
    }

    public Accepted accept(ConsumerRecord<byte[], byte[]> record) {
        ScanBatchRecords.Read read = ScanBatchRecords.read(record);
        if (read instanceof ScanBatchRecords.Malformed malformed) {
            return malformed(record, malformed.reason());
        }
        ScanBatch batch = ((ScanBatchRecords.Batch) read).batch();
        ConsumedRecord consumed = ConsumedRecord.parsed(record, batch);
        List<ScanWork> work = new ArrayList<>(batch.getScansCount());
        ScanTranslator translator = serving.get();
        for (int i = 0; i < batch.getScansCount(); i++) {
            Scan scan = batch.getScans(i);
            try {
                GreyImage image = translator.toModelSize(scan.getImage().toByteArray(), scan.getEncoding(),
                        scan.getWidth(), scan.getHeight());
                work.add(new ScanWork(consumed, i, image, work.isEmpty()));
            } catch (ScanRejectedException e) {
                consumed.reject(i, e.code(), describe(batch, i, e.getMessage()), null);
            } catch (RuntimeException e) {
                // A decoder bug must cost one scan, not the worker.
                consumed.reject(i, ErrorCode.UNDECODABLE_IMAGE, describe(batch, i, "the image could not be"
                        + " decoded (" + e + ")"), null);
            }
        }
        return new Accepted(consumed, work);
    }

    private static Accepted malformed(ConsumerRecord<byte[], byte[]> record, String reason) {
        return new Accepted(ConsumedRecord.malformed(record, reason), List.of());
    }

    private static String describe(ScanBatch batch, int index, String problem) {
        return "scan " + index + " (" + batch.getScans(index).getScanId() + ") of batch " + batch.getBatchId() + ": "
                + problem;
    }
}
