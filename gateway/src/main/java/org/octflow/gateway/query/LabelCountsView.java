package org.octflow.gateway.query;

import java.util.List;
import java.util.Map;

/**
 * How many predictions carry each label, and how many scans are in each status, from the gateway and straight from
 * imaging systems alike.
 *
 * @param unreadableRecords dead letters of records that were no ScanBatch at all, so name no scan
 */
public record LabelCountsView(List<LabelCount> labels, Map<String, Long> scansByStatus, long unreadableRecords) {

    public record LabelCount(String label, long count) {
    }
}
