package org.octflow.worker.bench;

import org.octflow.local.LocalKafkaBroker;

import java.nio.file.Path;

/** Starts a local-stack broker for the bench and the tests. */
public final class LocalBrokers {
    private LocalBrokers() {
    }

    /**
     * LocalKafkaBroker draws a random cluster id, and one that starts with '-' is read as a flag by kafka-storage
     * (about one start in 64). Until local-stack fixes that, a failed format is retried in a fresh directory.
     */
    public static LocalKafkaBroker start(Path directory) {
        for (int attempt = 1; ; attempt++) {
            try {
                return LocalKafkaBroker.start(directory.resolve("broker-" + attempt));
            } catch (IllegalStateException e) {
                if (attempt >= 3 || !String.valueOf(e.getMessage()).contains("--cluster-id")) {
                    throw e;
                }
            }
        }
    }
}
