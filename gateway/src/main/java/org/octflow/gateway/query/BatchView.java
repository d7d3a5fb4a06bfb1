package org.octflow.gateway.query;

import java.util.List;

/** Progress of one submission: counts per status and every scan in submission order. */
public record BatchView(String batchId, int total, int pending, int done, int review, int failed, boolean complete,
                        List<ScanView> scans) {
}
