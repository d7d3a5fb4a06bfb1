package org.octflow.trainer.dl4j.accel;

import java.nio.FloatBuffer;
import java.util.stream.IntStream;

/**
 * Batch normalisation's arithmetic over c-ordered NCHW floats, fused per channel: a channel's values (N blocks of H*W,
 * ~200 KB at batch 64 on 28x28) are swept two or three times while they sit in cache, where the same maths as libnd4j
 * ops took a dozen JNI calls, each a full sweep of the array, and got slower with more OpenMP threads. Channels are
 * independent, so they run in parallel on the common fork-join pool (with the caller: every core).
 * Each block is summed in float lanes and the blocks in double; the variance is the biased batch variance, as DL4J's layer computes it.
 */
final class BatchNormKernels {
    private final int n;
    private final int c;
    private final int hw;

    /** @param n examples, c channels, hw values per channel map (H*W) */
    BatchNormKernels(int n, int c, int hw) {
        this.n = n;
        this.c = c;
        this.hw = hw;
    }

    /** Per-channel batch mean and biased variance of {@code x} (its values start at element {@code xAt}). */
    void statistics(FloatBuffer x, int xAt, float[] mean, float[] var) {
        double count = (double) n * hw;
        channels().forEach(ch -> {
            float[] block = new float[hw];
            // Shifted by the channel's first value, so that sum-of-squares minus square-of-sum does not cancel.
            double shift = x.get(xAt + ch * hw);
            double sum = 0;
            double squares = 0;
            for (int i = 0; i < n; i++) {
                x.get(xAt + (i * c + ch) * hw, block, 0, hw);
                float[] sums = sumAndSquares(block, (float) shift);
                sum += sums[0];
                squares += sums[1];
            }
            double m = sum / count;
            mean[ch] = (float) (shift + m);
            var[ch] = (float) Math.max(0, squares / count - m * m);
        });
    }

    /** {@code y = x * scale[channel] + shift[channel]}. */
    void affine(FloatBuffer x, int xAt, float[] scale, float[] shift, FloatBuffer y, int yAt) {
        channels().forEach(ch -> {
            float[] block = new float[hw];
            float s = scale[ch];
            float t = shift[ch];
            for (int i = 0; i < n; i++) {
                int at = (i * c + ch) * hw;
                x.get(xAt + at, block, 0, hw);
                for (int k = 0; k < hw; k++) {
                    block[k] = block[k] * s + t;
                }
                y.put(yAt + at, block, 0, hw);
            }
        });
    }

    /**
     * The gradients of a training-mode batch norm: {@code dBeta = sum(dy)}, {@code dGamma = sum(dy * xHat)} per
     * channel, and {@code dx = a * dy - (a * dGamma / M) * xHat - a * dBeta / M} with {@code a = gamma * invStd},
     * {@code xHat = (x - mean) * invStd} and M values per channel.
     */
    void backward(FloatBuffer x, int xAt, FloatBuffer dy, int dyAt, float[] mean, float[] invStd, float[] gamma,
                  float[] dGamma, float[] dBeta, FloatBuffer dx, int dxAt) {
        double count = (double) n * hw;
        channels().forEach(ch -> {
            float[] xs = new float[hw];
            float[] grads = new float[hw];
            float m = mean[ch];
            double sumDy = 0;
            double sumDyCentred = 0;
            for (int i = 0; i < n; i++) {
                int at = (i * c + ch) * hw;
                x.get(xAt + at, xs, 0, hw);
                dy.get(dyAt + at, grads, 0, hw);
                float[] sums = sumAndProducts(grads, xs, m);
                sumDy += sums[0];
                sumDyCentred += sums[1];
            }
            double g = sumDyCentred * invStd[ch];
            dGamma[ch] = (float) g;
            dBeta[ch] = (float) sumDy;
            double a = gamma[ch] * (double) invStd[ch];
            float onDy = (float) a;
            float onCentred = (float) (a * g * invStd[ch] / count);
            float constant = (float) (a * sumDy / count);
            for (int i = 0; i < n; i++) {
                int at = (i * c + ch) * hw;
                x.get(xAt + at, xs, 0, hw);
                dy.get(dyAt + at, grads, 0, hw);
                for (int k = 0; k < hw; k++) {
                    grads[k] = onDy * grads[k] - onCentred * (xs[k] - m) - constant;
                }
                dx.put(dxAt + at, grads, 0, hw);
            }
        });
    }

    /**
     * Sum of {@code v - shift} and of its squares over one block, in four independent float lanes: the additions of
     * one lane wait for each other, four lanes keep the core busy. A block's float sums go into double totals.
     */
    private static float[] sumAndSquares(float[] v, float shift) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0, q0 = 0, q1 = 0, q2 = 0, q3 = 0;
        int k = 0;
        for (; k + 3 < v.length; k += 4) {
            float d0 = v[k] - shift, d1 = v[k + 1] - shift, d2 = v[k + 2] - shift, d3 = v[k + 3] - shift;
            s0 += d0; s1 += d1; s2 += d2; s3 += d3;
            q0 += d0 * d0; q1 += d1 * d1; q2 += d2 * d2; q3 += d3 * d3;
        }
        for (; k < v.length; k++) {
            float d = v[k] - shift;
            s0 += d;
            q0 += d * d;
        }
        return new float[]{(s0 + s1) + (s2 + s3), (q0 + q1) + (q2 + q3)};
    }

    /** Sum of {@code dy} and of {@code dy * (x - mean)} over one block, in four lanes as {@link #sumAndSquares}. */
    private static float[] sumAndProducts(float[] dy, float[] x, float mean) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0, p0 = 0, p1 = 0, p2 = 0, p3 = 0;
        int k = 0;
        for (; k + 3 < dy.length; k += 4) {
            s0 += dy[k]; s1 += dy[k + 1]; s2 += dy[k + 2]; s3 += dy[k + 3];
            p0 += dy[k] * (x[k] - mean); p1 += dy[k + 1] * (x[k + 1] - mean);
            p2 += dy[k + 2] * (x[k + 2] - mean); p3 += dy[k + 3] * (x[k + 3] - mean);
        }
        for (; k < dy.length; k++) {
            s0 += dy[k];
            p0 += dy[k] * (x[k] - mean);
        }
        return new float[]{(s0 + s1) + (s2 + s3), (p0 + p1) + (p2 + p3)};
    }

    private IntStream channels() {
        return IntStream.range(0, c).parallel();
    }
}
