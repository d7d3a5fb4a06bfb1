package org.octflow.gateway.security;

import java.util.List;
import java.util.Optional;

/**
 * Which configured keys a gateway may start with. Anywhere: no key shorter than {@link #MIN_KEY_LENGTH}. In the
 * production profile: at least one submitter and one reader key, and the shipped local-dev keys only while the
 * gateway listens on loopback (the local stack), never where a network reaches it.
 */
public final class ApiKeyPolicy {
    public static final int MIN_KEY_LENGTH = 16;
    /** Every key shipped for local development starts with this. */
    public static final String LOCAL_DEV_PREFIX = "local-dev-";

    private ApiKeyPolicy() {
    }

    /** Why the gateway must not start with these keys, in one line; empty if it may. */
    public static Optional<String> refusal(boolean production, String httpHost, List<String> submitter,
                                           List<String> reader) {
        for (String key : concat(submitter, reader)) {
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
        boolean localDev = concat(submitter, reader).stream().anyMatch(key -> key.startsWith(LOCAL_DEV_PREFIX));
        if (localDev && !isLoopback(httpHost)) {
            return Optional.of("the local-dev API keys are configured while the gateway listens on " + httpHost
                    + ": set real keys in OCTFLOW_API_KEYS_SUBMITTER and OCTFLOW_API_KEYS_READER");
        }
        return Optional.empty();
    }

    private static boolean isLoopback(String host) {
        return host.equals("localhost") || host.startsWith("127.") || host.equals("::1") || host.equals("[::1]");
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).map(String::trim).filter(k -> !k.isEmpty())
                .toList();
    }
}
