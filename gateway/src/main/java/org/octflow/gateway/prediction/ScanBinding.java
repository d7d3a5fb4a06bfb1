package org.octflow.gateway.prediction;

import org.octflow.gateway.scan.Scan;

/**
 * Whether an outcome (a prediction or a dead letter) may change a gateway scan: only if it answers the very record
 * the gateway sent, as the worker states by that record's sha256. Anyone allowed to write scans can reuse a gateway
 * batch or scan id in a record of their own, but that record has other bytes: its outcomes are foreign to the scan.
 */
final class ScanBinding {
    private ScanBinding() {
    }

    /** True when {@code sourceSha256} (the digest an outcome states) names another record than the scan's own. */
    static boolean isForeign(Scan scan, String sourceSha256) {
        if (scan.sourceSha256 == null) {
            return false; // accepted before digests were recorded: matched by id alone, as then
        }
        if (sourceSha256 == null || sourceSha256.isEmpty()) {
            // An older worker states no digest. Taken by id, as before: refusing it would leave the scan PENDING
            // through a rolling upgrade; the hole closes once every worker states digests.
            return false;
        }
        return !scan.sourceSha256.equalsIgnoreCase(sourceSha256);
    }
}
