package org.octflow.trainer.bench;

import org.octflow.runtime.ModelRunner;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * What the evidence output costs the served path: one network exported twice, with and without the map output,
 * timed on the serving runtime's CPU session in alternating runs (ONNX Runtime computes every output of a graph
 * whatever is fetched, so only a graph without the map shows the cost).
 */
public final class EvidenceCost {
    private final int threads;

    public EvidenceCost(int threads) {
        this.threads = threads;
    }

    /** @param withRates images/s of the graph with the map output; withoutRates of the graph without, same runs */
    public record Result(int batch, List<Double> withRates, List<Double> withoutRates) {
        public double ratio() {
            return TorchPeer.median(withRates) / TorchPeer.median(withoutRates);
        }
    }

    public Result measure(byte[] withEvidence, byte[] withoutEvidence, int side, int batch, int runs, double seconds) {
        float[] input = new float[batch * side * side];
        Random random = new Random(1);
        for (int i = 0; i < input.length; i++) {
            input[i] = (float) random.nextGaussian();
        }
        long[] shape = {batch, 1, side, side};
        List<Double> with = new ArrayList<>();
        List<Double> without = new ArrayList<>();
        try (ModelRunner a = new ModelRunner(withEvidence, threads); ModelRunner b = new ModelRunner(withoutEvidence, threads)) {
            rate(a, input, shape, seconds / 2); // warm-up
            rate(b, input, shape, seconds / 2);
            for (int run = 0; run < runs; run++) {
                with.add(rate(a, input, shape, seconds));
                without.add(rate(b, input, shape, seconds));
            }
        }
        return new Result(batch, with, without);
    }

    private static double rate(ModelRunner runner, float[] input, long[] shape, double seconds) {
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        long images = 0;
        while (System.nanoTime() < end) {
            runner.run(FloatBuffer.wrap(input), shape);
            images += shape[0];
        }
        return images / ((System.nanoTime() - start) / 1e9);
    }
}
