package org.octflow.trainer.core.train;

import java.util.List;

/**
 * @param bestEpoch      epoch (1-based) with the lowest val loss; its weights are the model's when early stopping is on
 * @param stoppedEarly   true when patience ran out before the planned epochs
 */
public record TrainingHistory(List<EpochRecord> epochs, int bestEpoch, boolean stoppedEarly, double seconds) {
}
