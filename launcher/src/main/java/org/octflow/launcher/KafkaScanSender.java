package org.octflow.launcher;

import org.octflow.contracts.kafka.KafkaClientConfig;
import me.tongfei.progressbar.ProgressBar;

import com.google.protobuf.ByteString;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.octflow.contracts.records.RecordLimits;
import org.octflow.contracts.records.ScanBatchRecords;
import org.octflow.contracts.records.Timestamps;
import org.octflow.contracts.v1.Scan;
import org.octflow.contracts.v1.ScanBatch;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * Publishes scans to the scans topic as an imaging system does: one ScanBatch per {@code batchSize} scans, and
 * never a record over Kafka's default 1 MB limit.
 */
final class KafkaScanSender implements AutoCloseable {
    /** Room a scan takes in a ScanBatch beside its image (ids, encoding, size), counted generously. */
    private static final int SCAN_OVERHEAD_BYTES = 200;
    /** The most image bytes one record carries: the contract's ScanBatch limit less the scans' own fields. */
    static final int MAX_IMAGE_BYTES_PER_BATCH = RecordLimits.MAX_SCAN_BATCH_BYTES - 64 * SCAN_OVERHEAD_BYTES;

    private final KafkaProducer<byte[], byte[]> producer;
    private final String source;

    KafkaScanSender(KafkaClientConfig kafka, String source) {
        Properties props = kafka.clientProperties();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 2);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "octflow-send-" + source);
        // An imaging system keeps its scans through a broker outage of up to ten minutes rather than drop them.
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 600_000);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 600_000);
        this.producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
        this.source = source;
    }

    /**
     * Sends every scan, {@code repeat} times over (each time with new scan ids), at most {@code ratePerSecond}
     * scans per second when positive.
     */
    List<SentScan> send(List<OutgoingScan> scans, int batchSize, int repeat, double ratePerSecond, PrintStream out)
            throws InterruptedException, ExecutionException {
        int total = scans.size() * repeat;
        List<SentScan> sent = new ArrayList<>(total);
        List<Future<?>> acks = new ArrayList<>();
        try (ProgressBar progress = ScanProgress.start(out, "send", total)) {
            long start = System.nanoTime();
            int done = 0;
            for (int round = 0; round < repeat; round++) {
                for (List<OutgoingScan> chunk : chunks(scans, batchSize)) {
                    pace(done, ratePerSecond, start);
                    acks.add(sendBatch(chunk, sent));
                    done += chunk.size();
                    progress.stepTo(done);
                }
            }
        }
        producer.flush();
        for (Future<?> ack : acks) {
            ack.get();
        }
        return sent;
    }

    static List<List<OutgoingScan>> chunks(List<OutgoingScan> scans, int batchSize) {
        List<List<OutgoingScan>> chunks = new ArrayList<>();
        List<OutgoingScan> chunk = new ArrayList<>();
        long bytes = 0;
        for (OutgoingScan scan : scans) {
            if (scan.image().length > MAX_IMAGE_BYTES_PER_BATCH) {
                throw new IllegalStateException(scan.name() + " is " + scan.image().length + " bytes, over the "
                        + MAX_IMAGE_BYTES_PER_BATCH + "-byte limit of one Kafka record: send it as JPEG or PNG");
            }
            if (!chunk.isEmpty() && (chunk.size() >= batchSize
                    || bytes + scan.image().length + SCAN_OVERHEAD_BYTES > RecordLimits.MAX_SCAN_BATCH_BYTES)) {
                chunks.add(chunk);
                chunk = new ArrayList<>();
                bytes = 0;
            }
            chunk.add(scan);
            bytes += scan.image().length + SCAN_OVERHEAD_BYTES;
        }
        if (!chunk.isEmpty()) {
            chunks.add(chunk);
        }
        return chunks;
    }

    private Future<?> sendBatch(List<OutgoingScan> chunk, List<SentScan> sent) {
        String batchId = "b-" + UUID.randomUUID();
        long now = System.currentTimeMillis();
        ScanBatch.Builder batch = ScanBatch.newBuilder()
                .setBatchId(batchId)
                .setSource(source)
                .setSubmittedAt(Timestamps.of(java.time.Instant.ofEpochMilli(now)));
        for (OutgoingScan scan : chunk) {
            String scanId = "s-" + UUID.randomUUID();
            batch.addScans(Scan.newBuilder()
                    .setScanId(scanId)
                    .setImage(ByteString.copyFrom(scan.image()))
                    .setEncoding(scan.encoding())
                    .setWidth(scan.width())
                    .setHeight(scan.height())
                    .setExamId(scan.examId()));
            sent.add(new SentScan(scanId, batchId, scan.name(), now, scan.trueLabel()));
        }
        return producer.send(ScanBatchRecords.record(batch.build()));
    }

    private static void pace(int done, double ratePerSecond, long startNanos) throws InterruptedException {
        if (ratePerSecond <= 0) {
            return;
        }
        long due = startNanos + (long) (done / ratePerSecond * 1e9);
        long wait = due - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
