package org.octflow.gateway.monitoring;

import org.octflow.gateway.query.Proportion;

/**
 * The accuracy reviewers measured on the reviewed scans of a window: a scan counts as right when the model's label
 * equals its latest review's. Reviewed scans are not a random sample (most were sent to review for low confidence, a
 * few are spot checks of accepted ones), so this is beside the estimate, not a check of it.
 *
 * @param accuracy    right of reviewed, with its 95 % Wilson interval
 * @param minReviewed how many reviewed scans make "enough"
 * @param enough      whether {@code accuracy.of() >= minReviewed}; below it read the figure as an anecdote
 */
public record MeasuredAccuracy(Proportion accuracy, int minReviewed, boolean enough) {
    static MeasuredAccuracy of(long right, long reviewed, int minReviewed) {
        return new MeasuredAccuracy(Proportion.of(right, reviewed), minReviewed, reviewed >= minReviewed);
    }
}
