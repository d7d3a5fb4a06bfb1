package org.octflow.gateway.monitoring;

import org.octflow.gateway.prediction.ClassScore;

import java.util.List;

/**
 * One stored prediction as the estimate reads it: who made it, where the scan was taken, what the model said (its
 * probabilities in the model's output order, whether its review rule sent it to review) and the latest review's label,
 * null when nobody reviewed it.
 */
public record WindowRow(String scanId, String modelName, String modelVersion, String site, String device, String label,
                        List<ClassScore> probabilities, boolean sentToReview, String reviewedLabel) {
}
