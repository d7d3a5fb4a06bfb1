package org.octflow.preprocessing;

/**
 * Centre-crops an image to a square and resizes it with an antialiased bilinear (triangle) filter, the way Pillow's
 * {@code resize(..., BILINEAR)} does: when shrinking, the filter widens with the scale so every source pixel counts.
 * This is how OCTMNIST's 28x28 images were made from the full-size OCT2017 scans.
 */
public final class SquareResampler {
    private final int size;

    public SquareResampler(int size) {
        this.size = size;
    }

    public GreyImage centreCropResize(GreyImage image) {
        int side = Math.min(image.width(), image.height());
        int left = (image.width() - side) / 2;
        int top = (image.height() - side) / 2;
        if (side == size) {
            return crop(image, left, top, side);
        }
        Weights horizontal = Weights.of(left, side, size);
        Weights vertical = Weights.of(top, side, size);

        // Horizontal pass over the rows the crop needs, then the vertical pass; kept in float between them.
        float[] rows = new float[side * size];
        for (int y = 0; y < side; y++) {
            int sourceRow = (top + y) * image.width();
            for (int x = 0; x < size; x++) {
                float sum = 0;
                int first = horizontal.first[x];
                float[] w = horizontal.weights[x];
                for (int k = 0; k < w.length; k++) {
                    sum += w[k] * (image.pixels()[sourceRow + first + k] & 0xff);
                }
                rows[y * size + x] = sum;
            }
        }
        byte[] out = new byte[size * size];
        for (int y = 0; y < size; y++) {
            int first = vertical.first[y] - top;
            float[] w = vertical.weights[y];
            for (int x = 0; x < size; x++) {
                float sum = 0;
                for (int k = 0; k < w.length; k++) {
                    sum += w[k] * rows[(first + k) * size + x];
                }
                out[y * size + x] = (byte) Math.max(0, Math.min(255, Math.round(sum)));
            }
        }
        return new GreyImage(size, size, out);
    }

    private static GreyImage crop(GreyImage image, int left, int top, int side) {
        byte[] out = new byte[side * side];
        for (int y = 0; y < side; y++) {
            System.arraycopy(image.pixels(), (top + y) * image.width() + left, out, y * side, side);
        }
        return new GreyImage(side, side, out);
    }

    /** Normalised filter taps per output pixel over [offset, offset + inSize) of the source axis. */
    private record Weights(int[] first, float[][] weights) {
        static Weights of(int offset, int inSize, int outSize) {
            double scale = (double) inSize / outSize;
            double filterScale = Math.max(scale, 1.0);
            double support = filterScale; // the triangle filter reaches 1 pixel, widened by the scale
            int[] first = new int[outSize];
            float[][] weights = new float[outSize][];
            for (int i = 0; i < outSize; i++) {
                double centre = (i + 0.5) * scale;
                int min = Math.max((int) Math.floor(centre - support + 0.5), 0);
                int max = Math.min((int) Math.floor(centre + support + 0.5), inSize);
                double[] taps = new double[max - min];
                double total = 0;
                for (int k = 0; k < taps.length; k++) {
                    double distance = Math.abs((min + k - centre + 0.5) / filterScale);
                    taps[k] = Math.max(0, 1 - distance);
                    total += taps[k];
                }
                weights[i] = new float[taps.length];
                for (int k = 0; k < taps.length; k++) {
                    weights[i][k] = (float) (taps[k] / total);
                }
                first[i] = offset + min;
            }
            return new Weights(first, weights);
        }
    }
}
