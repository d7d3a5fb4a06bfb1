package org.octflow.trainer.core.train;

/** Watches the val loss; says when the best epoch so far was seen and when patience has run out. */
public final class EarlyStopping {
    private final int patience;
    private double bestLoss = Double.POSITIVE_INFINITY;
    private int bestEpoch = -1;
    private int sinceBest;

    /** @param patience 0 disables stopping, but the best epoch is still tracked */
    public EarlyStopping(int patience) {
        this.patience = patience;
    }

    /** @return true when this epoch is the best so far (its weights should be kept) */
    public boolean record(int epoch, double valLoss) {
        if (valLoss < bestLoss) {
            bestLoss = valLoss;
            bestEpoch = epoch;
            sinceBest = 0;
            return true;
        }
        sinceBest++;
        return false;
    }

    public boolean shouldStop() {
        return patience > 0 && sinceBest >= patience;
    }

    public boolean enabled() {
        return patience > 0;
    }

    public int bestEpoch() {
        return bestEpoch;
    }

    public double bestLoss() {
        return bestLoss;
    }
}
