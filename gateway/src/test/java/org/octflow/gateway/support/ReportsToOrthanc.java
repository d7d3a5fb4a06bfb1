package org.octflow.gateway.support;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/** Reports are stored by STOW-RS (on {@link OrthancReceiver}), retried quickly: 0.5 s doubling up to 2 s. */
public class ReportsToOrthanc implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("octflow.reports.stow-interval", "PT0.5S", "octflow.reports.stow-max-backoff", "PT2S");
    }
}
