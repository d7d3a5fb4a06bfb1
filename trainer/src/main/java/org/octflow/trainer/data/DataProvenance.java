package org.octflow.trainer.data;

/** Where training data came from, for the manifest: a path, its md5 (files) and a human description. */
public record DataProvenance(String path, String md5, String description) {
}
