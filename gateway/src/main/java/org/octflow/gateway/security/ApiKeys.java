package org.octflow.gateway.security;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.octflow.gateway.config.GatewayConfig;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The configured API keys and their roles. Keys are kept as SHA-256 digests and compared in constant time, so
 * neither memory dumps nor response timing give them away.
 */
@ApplicationScoped
public class ApiKeys {
    private static final Logger LOG = Logger.getLogger(ApiKeys.class);

    private record Entry(byte[] digest, Role role) {
    }

    private final List<Entry> entries = new ArrayList<>();
    private final boolean usingLocalDevKeys;
    private final Optional<String> refusal;

    public ApiKeys(GatewayConfig config,
                   @ConfigProperty(name = "quarkus.init-and-exit", defaultValue = "false") boolean initAndExit) {
        List<String> submitters = config.apiKeys().submitter().orElse(List.of());
        List<String> readers = config.apiKeys().reader().orElse(List.of());
        List<String> reviewers = config.apiKeys().reviewer().orElse(List.of());
        List<String> imaging = config.apiKeys().imaging().orElse(List.of());
        submitters.forEach(key -> add(key, Role.SUBMITTER));
        readers.forEach(key -> add(key, Role.READER));
        reviewers.forEach(key -> add(key, Role.REVIEWER));
        imaging.forEach(key -> add(key, Role.IMAGING));
        usingLocalDevKeys = Stream.of(submitters, readers, reviewers, imaging).flatMap(List::stream)
                .anyMatch(k -> k.startsWith(ApiKeyPolicy.LOCAL_DEV_PREFIX));
        // The migration Job runs the same image in init-and-exit mode: it serves nobody and holds no keys.
        refusal = initAndExit ? Optional.empty()
                : ApiKeyPolicy.refusal(ConfigUtils.isProfileActive("prod"), submitters, readers, reviewers,
                imaging);
    }

    /** Stops the start, before any request is served, when the keys are not fit for this profile. */
    void onStart(@Observes @Priority(1) StartupEvent event) {
        if (refusal.isPresent()) {
            LOG.error("refusing to start: " + refusal.get());
            throw new IllegalStateException("refusing to start: " + refusal.get());
        }
        if (usingLocalDevKeys) {
            LOG.warn("API keys include the local-dev defaults shipped with the gateway: fine for the local stack,"
                    + " but set OCTFLOW_API_KEYS_SUBMITTER, OCTFLOW_API_KEYS_READER (and OCTFLOW_API_KEYS_REVIEWER,"
                    + " OCTFLOW_API_KEYS_IMAGING)"
                    + " anywhere else");
        }
    }

    /** The roles of {@code key} (a key may be configured for several), or none if it is not a configured key. */
    public Set<Role> rolesOf(String key) {
        if (key == null || key.isBlank()) {
            return Set.of();
        }
        byte[] digest = sha256(key.trim());
        Set<Role> found = EnumSet.noneOf(Role.class);
        for (Entry entry : entries) {
            // Look at every entry, so the time taken does not tell which (or whether one) matched.
            if (MessageDigest.isEqual(entry.digest(), digest)) {
                found.add(entry.role());
            }
        }
        return found;
    }

    private void add(String key, Role role) {
        if (!key.isBlank()) {
            entries.add(new Entry(sha256(key.trim()), role));
        }
    }

    private static byte[] sha256(String key) {
        return KeyId.sha256(key);
    }
}
