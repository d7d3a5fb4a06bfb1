package org.octflow.trainer.core.config;

import java.util.ArrayList;
import java.util.List;

/**
 * The CNN: 3x3 "same" convolutions (each optionally followed by batch norm, always by ReLU, and by a 2x2 max pool
 * where {@code pool} is set), then the head, then a softmax over the classes.
 *
 * @param denseUnits units of the {@link Head#DENSE} head's hidden layer (unused by {@link Head#GLOBAL_AVERAGE})
 * @param dropout    probability of dropping an activation before the output layer (0 = no dropout layer)
 */
public record ArchitectureConfig(List<ConvBlock> blocks, int denseUnits, double dropout, boolean batchNorm,
                                 Head head) {

    public enum Head {
        /** flatten, one dense ReLU layer, dropout, output */
        DENSE,
        /**
         * each channel's mean over the last maps, dropout, output: the class score is a weighted sum of the maps, so
         * the same weights say where in the scan the evidence lies (class activation map)
         */
        GLOBAL_AVERAGE
    }

    public record ConvBlock(int channels, boolean pool) {
        @Override
        public String toString() {
            return channels + (pool ? "p" : "");
        }
    }

    /**
     * The PyTorch peer's network (val AUC 0.94-0.95 on the subset): five convolutions with batch norm, a
     * global-average-pooling head (so every prediction has its class activation map), dropout 0.3.
     */
    public static ArchitectureConfig defaults() {
        return parse("32,32p,64,64p,128", 128, 0.3, true, Head.GLOBAL_AVERAGE);
    }

    /** @param spec comma-separated channel counts, "p" marking a pool after the convolution: "16,16p,32p" */
    public static ArchitectureConfig parse(String spec, int denseUnits, double dropout, boolean batchNorm) {
        return parse(spec, denseUnits, dropout, batchNorm, Head.DENSE);
    }

    public static ArchitectureConfig parse(String spec, int denseUnits, double dropout, boolean batchNorm, Head head) {
        List<ConvBlock> blocks = new ArrayList<>();
        for (String part : spec.split(",")) {
            String p = part.trim();
            boolean pool = p.endsWith("p");
            try {
                blocks.add(new ConvBlock(Integer.parseInt(pool ? p.substring(0, p.length() - 1) : p), pool));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("convolution spec '" + spec + "': '" + p
                        + "' is not a channel count; write e.g. 16,16p,32,32p,64p");
            }
        }
        return new ArchitectureConfig(List.copyOf(blocks), denseUnits, dropout, batchNorm, head);
    }

    public String convSpec() {
        return String.join(",", blocks.stream().map(ConvBlock::toString).toList());
    }

    public ArchitectureConfig withBatchNorm(boolean on) {
        return new ArchitectureConfig(blocks, denseUnits, dropout, on, head);
    }
}
