package org.octflow.gateway.security;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;
import org.octflow.gateway.config.GatewayConfig;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The configured API keys and their roles. Keys are kept as SHA-256 digests and compared in constant time, so
 * neither memory dumps nor response timing give them away.
 */
@ApplicationScoped
public class ApiKeys {
    private static final Logger LOG = Logger.getLogger(ApiKeys.class);
    /** Every key shipped in application.properties for the local stack starts with this. */
    static final String LOCAL_DEV_PREFIX = "local-dev-";

    private record Entry(byte[] digest, Role role) {
    }

    private final List<Entry> entries = new ArrayList<>();
    private final boolean usingLocalDevKeys;

    public ApiKeys(GatewayConfig config) {
        config.apiKeys().submitter().forEach(key -> add(key, Role.SUBMITTER));
        config.apiKeys().reader().forEach(key -> add(key, Role.READER));
        usingLocalDevKeys = config.apiKeys().submitter().stream().anyMatch(k -> k.startsWith(LOCAL_DEV_PREFIX))
                || config.apiKeys().reader().stream().anyMatch(k -> k.startsWith(LOCAL_DEV_PREFIX));
    }

    void onStart(@Observes StartupEvent event) {
        if (usingLocalDevKeys) {
            LOG.warn("API keys include the local-dev defaults shipped with the gateway: fine for the local stack,"
                    + " but set OCTFLOW_API_KEYS_SUBMITTER and OCTFLOW_API_KEYS_READER anywhere else");
        }
    }

    /** The role of {@code key}, or empty if it is not a configured key. */
    public Optional<Role> roleOf(String key) {
        if (key == null || key.isBlank()) {
            return Optional.empty();
        }
        byte[] digest = sha256(key.trim());
        Role found = null;
        for (Entry entry : entries) {
            // Look at every entry, so the time taken does not tell which (or whether one) matched.
            if (MessageDigest.isEqual(entry.digest(), digest) && (found == null || entry.role().mayWrite())) {
                found = entry.role();
            }
        }
        return Optional.ofNullable(found);
    }

    private void add(String key, Role role) {
        if (!key.isBlank()) {
            entries.add(new Entry(sha256(key.trim()), role));
        }
    }

    private static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }
}
