package org.octflow.gateway.security;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Which configured keys a gateway may start with. Anywhere: no key shorter than {@link #MIN_KEY_LENGTH}. In the
 * production profile: at least one submitter and one reader key, set on purpose (there are no defaults there); reviewer
 * keys are optional (without one, nobody can review), and so are imaging keys (without one, nobody stores DICOM:
 * most sites send PNG/JPEG or write to Kafka). The
 * local stack sets the local-dev keys explicitly; {@link ApiKeys} warns while any is configured.
 */
public final class ApiKeyPolicy {
    public static final int MIN_KEY_LENGTH = 16;
    /** Every key shipped for local development starts with this. */
    public static final String LOCAL_DEV_PREFIX = "local-dev-";

    private ApiKeyPolicy() {
    }

    /** Why the gateway must not start with these keys, in one line; empty if it may. */
    public static Optional<String> refusal(boolean production, List<String> submitter, List<String> reader,
                                           List<String> reviewer) {
        return refusal(production, submitter, reader, reviewer, List.of());
    }

    /** As above, with the imaging keys (STOW-RS), which are held to the same length and are optional. */
    public static Optional<String> refusal(boolean production, List<String> submitter, List<String> reader,
                                           List<String> reviewer, List<String> imaging) {
        for (String key : Stream.of(submitter, reader, reviewer, imaging).flatMap(List::stream).map(String::trim)
                .filter(k -> !k.isEmpty()).toList()) {
            if (key.length() < MIN_KEY_LENGTH) {
                return Optional.of("an API key has " + key.length() + " characters; at least " + MIN_KEY_LENGTH
                        + " are required: generate one with `openssl rand -hex 24`");
            }
        }
        if (!production) {
            return Optional.empty();
        }
        if (submitter.isEmpty() || reader.isEmpty()) {
            return Optional.of("no " + (submitter.isEmpty() ? "submitter" : "reader") + " API key is configured: set"
                    + " OCTFLOW_API_KEYS_SUBMITTER and OCTFLOW_API_KEYS_READER (comma-separated, e.g. from"
                    + " `openssl rand -hex 24`)");
        }
        return Optional.empty();
    }
}
