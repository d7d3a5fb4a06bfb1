package org.octflow.worker.pipeline;

import org.octflow.contracts.v1.ErrorCode;
import org.octflow.contracts.v1.Timings;
import org.octflow.preprocessing.ScanRejectedException;
import org.octflow.worker.batching.DynamicBatcher;
import org.octflow.worker.metrics.WorkerMetrics;
import org.octflow.runtime.ModelLease;
import org.octflow.runtime.ModelRegistry;
import org.octflow.runtime.LoadedModel;
import org.octflow.runtime.ModelOutputs;
import org.octflow.runtime.ScanTranslator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The one thread that runs the model: takes due batches from the batcher, writes them into one direct FloatBuffer,
 * runs the model (retrying failures) and hands each scan's outcome back to its record. Both translations (scan to
 * input row, output row to prediction) are the leased version's own {@link ScanTranslator}: normalisation happens
 * here, not at intake, because the version that runs a scan may be newer than the one served when it was taken in.
 */
public final class InferenceLoop implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(InferenceLoop.class);

    private final DynamicBatcher<ScanWork> batcher;
    private final ModelRegistry registry;
    private final WorkerMetrics metrics;
    private final int retries;
    private FloatBuffer input;
    private float[] staging;
    private volatile boolean stopping;

    public InferenceLoop(DynamicBatcher<ScanWork> batcher, ModelRegistry registry, WorkerMetrics metrics, int retries) {
        this.batcher = batcher;
        this.registry = registry;
        this.metrics = metrics;
        this.retries = retries;
    }

    /**
     * Buffers for a model's input size, allocated once per size: ORT reads a native-order direct buffer in place,
     * without copying the batch; pixels are normalised on the heap first and copied in bulk (per-float puts into a
     * direct buffer cost more than the copy).
     */
    private void ensureBuffers(int pixels) {
        int floats = batcher.maxBatch() * pixels;
        if (staging == null || staging.length != floats) {
            input = ByteBuffer.allocateDirect(floats * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
            staging = new float[floats];
        }
    }

    /** Finishes what is queued, then returns. */
    public void stop() {
        stopping = true;
        batcher.wakeUp();
    }

    @Override
    public void run() {
        ModelLease lease = null;
        try {
            while (!stopping || batcher.size() > 0) {
                List<ScanWork> batch = batcher.take(Duration.ofMillis(100));
                if (batch.isEmpty()) {
                    continue;
                }
                // Switch versions only where a record starts, so no PredictionBatch mixes two model versions.
                if (lease == null || batch.get(0).startsRecord()) {
                    if (lease != null) {
                        lease.close();
                    }
                    lease = registry.acquire();
                }
                runBatch(lease.model(), batch);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (lease != null) {
                lease.close();
            }
        }
    }

    private void runBatch(LoadedModel model, List<ScanWork> taken) throws InterruptedException {
        ScanTranslator translator = model.translator();
        int pixels = translator.pixels();
        ensureBuffers(pixels);
        long startMicros = System.currentTimeMillis() * 1000;
        List<ScanWork> batch = new ArrayList<>(taken.size());
        for (ScanWork work : taken) {
            try {
                translator.writeInputRow(work.imageFor(translator), staging, batch.size());
                batch.add(work);
            } catch (ScanRejectedException e) {
                // Only a scan decoded again for a model of another size can get here; it decoded at intake with the
                // same decoder, so this should never happen, and if it does it costs that scan only.
                work.owner().reject(work.index(), e.code(), "scan " + work.index() + " of batch "
                        + work.owner().batch().getBatchId() + ": " + e.getMessage(), null);
            }
        }
        int n = batch.size();
        if (n == 0) {
            return;
        }
        input.clear();
        input.put(staging, 0, n * pixels);
        ModelOutputs outputs = null;
        Exception failure = null;
        long started = System.nanoTime();
        for (int attempt = 0; attempt <= retries && outputs == null; attempt++) {
            try {
                input.position(0).limit(n * pixels);
                outputs = model.run(input, n);
            } catch (Exception e) {
                failure = e;
                metrics.modelRunFailures.increment();
                LOG.warn("model run of {} scans on {} failed (attempt {} of {}): {}", n, model.manifest().id(),
                        attempt + 1, retries + 1, e.toString());
                Thread.sleep(20L << attempt);
            }
        }
        long inferenceMicros = (System.nanoTime() - started) / 1000;
        metrics.modelBatches.increment();
        metrics.modelBatchSize.record(n);
        metrics.inferenceLatency.record(java.time.Duration.ofNanos(inferenceMicros * 1000));
        for (int i = 0; i < n; i++) {
            ScanWork work = batch.get(i);
            ConsumedRecord owner = work.owner();
            long queuedMicros = Math.max(0, startMicros - owner.record().timestamp() * 1000);
            metrics.queueLatency.record(java.time.Duration.ofNanos(queuedMicros * 1000));
            Timings timings = Timings.newBuilder().setQueuedMicros(queuedMicros).setInferenceMicros(inferenceMicros)
                    .setModelBatchSize(n).build();
            if (outputs != null) {
                ScanTranslator.ScanOutcome outcome = translator.outcome(outputs, i);
                owner.predict(work.index(), outcome.prediction(), outcome.evidence(), timings, model.ref());
            } else {
                owner.reject(work.index(), ErrorCode.MODEL_FAILURE, "scan " + work.index() + " of batch "
                        + owner.batch().getBatchId() + ": model " + model.manifest().id() + " failed " + (retries + 1)
                        + " times (" + failure + "); the scan was dead-lettered: resubmit it once the model is fixed",
                        timings);
            }
        }
    }
}
