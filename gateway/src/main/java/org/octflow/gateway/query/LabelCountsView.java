package org.octflow.gateway.query;

import java.util.List;
import java.util.Map;

/** How many predictions carry each label, and how many scans are in each status. */
public record LabelCountsView(List<LabelCount> labels, Map<String, Long> scansByStatus) {

    public record LabelCount(String label, long count) {
    }
}
