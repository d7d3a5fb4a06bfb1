package org.octflow.launcher;

/** A scan that was published: when, in which batch, and its true class if known (-1 if not). */
record SentScan(String scanId, String batchId, String name, long sentAtMillis, int trueLabel) {
}
