package org.octflow.gateway.monitoring;

import java.time.Instant;
import java.util.List;

/**
 * The answer of {@code GET /api/v1/monitoring/estimate}.
 *
 * @param from, to      the window asked for (null: open)
 * @param cap           at most this many predictions, the latest of the window, were used
 * @param predictions   how many were used
 * @param capped        true when the window held more than {@code cap}: older predictions were left out
 * @param groups        one per model version (and site or device when grouped), ordered by name, version, site, device
 * @param limit         what the estimate cannot see, in one sentence
 */
public record EstimateView(Instant from, Instant to, int cap, int predictions, boolean capped, GroupBy groupBy,
                           List<GroupEstimate> groups, String limit) {
    static final String LIMIT = "The estimate assumes the model's probabilities are calibrated on these scans; a shift"
            + " that leaves the model confident and wrong is invisible to it (see model-monitoring/README.md).";
}
