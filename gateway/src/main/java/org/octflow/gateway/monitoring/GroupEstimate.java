package org.octflow.gateway.monitoring;

import org.octflow.monitoring.AccuracyEstimate;

import java.util.List;

/**
 * One group of a window (a model version, or a version at one site or device): the label-free estimate beside what
 * reviewers measured. {@code site} / {@code device} are null unless the window was grouped by them (or, grouped, for
 * scans without that metadata).
 *
 * @param classes  the model's classes in its output order, as its stored probabilities list them
 * @param trustworthy false when the drift test found the group's latest scans unlike the model's reference scans:
 *                    the estimate rests on calibration measured there. True also when untested (see {@code drift})
 * @param skipped  predictions left out because their probabilities do not name exactly these classes
 */
public record GroupEstimate(String modelName, String modelVersion, String site, String device, List<String> classes,
                            AccuracyEstimate estimate, boolean trustworthy, DriftView drift, MeasuredAccuracy reviewed,
                            int skipped) {
}
