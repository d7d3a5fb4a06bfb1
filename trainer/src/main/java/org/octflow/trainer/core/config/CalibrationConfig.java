package org.octflow.trainer.core.config;

import org.octflow.trainer.core.calibration.DeploymentPrior;

/**
 * Post-hoc calibration on val.
 *
 * @param enabled false: the network's own probabilities are served
 * @param prior   the class mix the served probabilities assume
 */
public record CalibrationConfig(boolean enabled, DeploymentPrior prior) {

    public static CalibrationConfig standard() {
        return new CalibrationConfig(true, DeploymentPrior.BALANCED);
    }

    public static CalibrationConfig off() {
        return new CalibrationConfig(false, DeploymentPrior.TRAINING);
    }
}
